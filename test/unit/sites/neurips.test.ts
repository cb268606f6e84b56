import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { neurips } from '../../../utils/sites/neurips';
import { loadPage } from '../../helpers/fixtures';

// RECONSTRUCTED pages (no real capture exists); see test/fixtures/README.md.
const LIST_2023 = 'neurips/listing-2023-RECONSTRUCTED.html';
const LIST_2019 = 'neurips/listing-2019-old-site-RECONSTRUCTED.html';
const PAPER = 'neurips/paper-2023-dpo-RECONSTRUCTED.html';
const PAPER_URL = 'https://proceedings.neurips.cc/paper_files/paper/2023/hash/a85b405ed65c6477a4fe8302b5e06ce7-Abstract-Conference.html';

const load = (file: string, url: string) => loadPage(neurips, file, url);

describe('neurips: 2023+ listing (/paper_files/paper/2023)', () => {
  const { entries } = load(LIST_2023, 'https://proceedings.neurips.cc/paper_files/paper/2023');

  it('finds every paper of both tracks by title, anchored on the title link', () => {
    expect(entries.map((e) => e.title)).toEqual([
      'Resilient Constrained Learning',
      'QLoRA: Efficient Finetuning of Quantized LLMs',
      'Tree of Thoughts: Deliberate Problem Solving with Large Language Models',
      'Visual Instruction Tuning',
      'Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena',
      'Scaling Data-Constrained Language Models',
      'Direct Preference Optimization: Your Language Model is Secretly a Reward Model',
      'Toolformer: Language Models Can Teach Themselves to Use Tools',
    ]);
    for (const entry of entries) {
      expect(entry.anchor.matches('li a[title="paper title"]')).toBe(true);
      expect(entry.arxivId).toBeUndefined();
    }
  });
});

describe('neurips: 2020–2022 site listing (/paper/2019)', () => {
  const { entries } = load(LIST_2019, 'https://proceedings.neurips.cc/paper/2019');

  it('finds the 4 papers and ignores the book and previous-year links', () => {
    expect(entries.map((e) => e.title)).toEqual([
      'Cross-lingual Language Model Pretraining',
      'PyTorch: An Imperative Style, High-Performance Deep Learning Library',
      'XLNet: Generalized Autoregressive Pretraining for Language Understanding',
      'Deep Equilibrium Models',
    ]);
    expect(entries[2]!.anchor.getAttribute('href')).toBe('/paper/2019/hash/dc6a7e655d7e5840e66733e9ee67cc69-Abstract.html');
  });
});

describe('neurips: paper page', () => {
  const { document, entries } = load(PAPER, PAPER_URL);

  it('reads the first h4 as the title (not "Authors"/"Abstract") and the abstract', () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('.container-fluid .col h4'));
    expect(entries[0]).toMatchObject({
      title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model',
      abstract: expect.stringMatching(/^While large-scale unsupervised language models \(LMs\) learn broad world knowledge/),
    });
  });

  it('finds no listing entries on a paper page and no paper on a listing', () => {
    expect(neurips.findEntries(document, new URL('https://proceedings.neurips.cc/paper_files/paper/2023'))).toEqual([]);
    const list = load(LIST_2023, PAPER_URL);
    expect(list.entries).toEqual([]);
  });
});

describe('neurips: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of neurips.testUrls) expect(neurips.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other pages of the site, files, or http', () => {
    for (const url of [
      'https://proceedings.neurips.cc/',
      'https://proceedings.neurips.cc/paper_files/paper/2023/file/a85b405ed65c6477a4fe8302b5e06ce7-Paper-Conference.pdf',
      'https://proceedings.neurips.cc/paper_files/paper/2023/hash/a85b405ed65c6477a4fe8302b5e06ce7-Bibtex-Conference.bib',
      'https://proceedings.neurips.cc/papers/search?q=attention',
      'https://neurips.cc/virtual/2023/papers.html',
      'http://papers.nips.cc/paper_files/paper/2017',
    ]) {
      expect(neurips.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const url of ['https://proceedings.neurips.cc/paper_files/paper/2023', PAPER_URL]) {
      for (const html of ['', '<<<ul class="paper-list"><li><a title="paper title" href="/paper_files/paper/2023/hash/x-Abstract.html"><b> </b>', '<h4>Abstract</h4><h4>Authors</h4>']) {
        const dom = new JSDOM(html, { url });
        expect(neurips.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });
});
