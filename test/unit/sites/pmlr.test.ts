import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { pmlr } from '../../../utils/sites/pmlr';
import { loadPage } from '../../helpers/fixtures';

// RECONSTRUCTED pages (no real capture exists); see test/fixtures/README.md.
const VOLUME = 'pmlr/volume-v202-excerpt-RECONSTRUCTED.html';
const PAPER = 'pmlr/paper-v202-kirchenbauer23a-RECONSTRUCTED.html';

const load = (file: string, url: string) => loadPage(pmlr, file, url);

describe('pmlr: volume listing (/v202/)', () => {
  const { entries } = load(VOLUME, 'https://proceedings.mlr.press/v202/');

  it('finds each div.paper by its p.title, TeX kept as written, not the volume h1', () => {
    expect(entries.map((e) => e.title)).toEqual([
      'Pythia: A Suite for Analyzing Large Language Models Across Training and Scaling',
      'Scaling Laws for Reward Model Overoptimization',
      'A Watermark for Large Language Models',
      'Fast Inference from Transformers via Speculative Decoding',
      'BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders and Large Language Models',
      'Sharper Bounds for $\\ell_p$ Sensitivity Sampling',
    ]);
    for (const entry of entries) expect(entry.anchor.matches('div.paper > p.title')).toBe(true);
  });
});

describe('pmlr: paper page (/v202/kirchenbauer23a.html)', () => {
  const url = 'https://proceedings.mlr.press/v202/kirchenbauer23a.html';
  const { document, entries } = load(PAPER, url);

  it('reads the article h1 and the abstract', () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('article h1'));
    expect(entries[0]).toMatchObject({
      title: 'A Watermark for Large Language Models',
      abstract: expect.stringMatching(/^Potential harms of large language models can be mitigated by watermarking model output/),
    });
  });

  it('falls back to citation_title when the heading is empty', () => {
    const dom = new JSDOM(document.documentElement.outerHTML, { url });
    dom.window.document.querySelector('article h1')!.textContent = '';
    expect(pmlr.findEntries(dom.window.document, new URL(url))[0]!.title).toBe('A Watermark for Large Language Models');
  });
});

describe('pmlr: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of pmlr.testUrls) expect(pmlr.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim the volume index, assets, PDFs or http', () => {
    for (const url of [
      'https://proceedings.mlr.press/',
      'https://proceedings.mlr.press/faq.html',
      'https://proceedings.mlr.press/v202/assets/bib/bibliography.bib',
      'https://proceedings.mlr.press/v202/kirchenbauer23a/kirchenbauer23a.pdf',
      'http://proceedings.mlr.press/v202/',
      'https://mlr.press/v202/',
    ]) {
      expect(pmlr.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const url of ['https://proceedings.mlr.press/v202/', 'https://proceedings.mlr.press/v202/kirchenbauer23a.html']) {
      for (const html of ['', '<<<div class="paper"><p class="title"><b></b>', '<div class="paper"><p class="title"> </p></div>']) {
        const dom = new JSDOM(html, { url });
        expect(pmlr.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });
});
