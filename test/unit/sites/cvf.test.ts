import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { cvf } from '../../../utils/sites/cvf';

const LISTING = 'cvf/CVPR2019-all-papers-2019-06-saved-complete.html.gz'; // real saved page, gzipped (3.4 MB unpacked)
const PAPER = 'cvf/paper-ICCV2023-Kirillov-Segment-Anything-RECONSTRUCTED.html';
const LIST_URL = 'https://openaccess.thecvf.com/CVPR2019.py';
const PAPER_URL = 'https://openaccess.thecvf.com/content/ICCV2023/html/Kirillov_Segment_Anything_ICCV_2023_paper.html';

const fixture = (file: string) => new URL(`../../fixtures/${file}`, import.meta.url);
const listingHtml = gunzipSync(readFileSync(fixture(LISTING))).toString('utf8');

function load(html: string, url: string) {
  const dom = new JSDOM(html, { url });
  return { document: dom.window.document, entries: cvf.findEntries(dom.window.document, new URL(url)) };
}

// jsdom parses a 3.4 MB page: allow for a loaded machine.
describe('cvf: CVPR 2019 all-papers listing (real saved page)', { timeout: 30_000 }, () => {
  const { document, entries } = load(listingHtml, LIST_URL);

  it('finds all 1294 dt.ptitle rows, in page order, anchored on the title link', () => {
    expect(document.querySelectorAll('dt.ptitle')).toHaveLength(1294);
    expect(entries).toHaveLength(1294);
    expect(entries[0]).toMatchObject({ title: 'Finding Task-Relevant Features for Few-Shot Learning by Category Traversal' });
    expect(entries[1]).toMatchObject({ title: 'Edge-Labeling Graph Neural Network for Few-Shot Learning' });
    expect(entries[2]).toMatchObject({ title: 'Generating Classification Weights With GNN Denoising Autoencoders for Few-Shot Learning' });
    for (const entry of entries) {
      expect(entry.anchor.matches('dt.ptitle > a')).toBe(true);
      expect(entry.arxivId).toBeUndefined(); // CVPR 2019 rows have no arXiv links
    }
    const last = Array.from(document.querySelectorAll('dt.ptitle > a')).at(-1)!;
    expect(entries.at(-1)!.title).toBe(last.textContent!.trim());
    expect(entries.every((e) => e.title && e.title === e.title.trim())).toBe(true);
  });

  it('reads an arXiv link from the row’s links <dd> (as newer conferences print it), not from the next row', () => {
    // The first three rows of the real page (dt + author dd + links dd each), re-parsed on their own.
    const rows = Array.from(document.querySelectorAll('#content dl > *')).slice(0, 9);
    expect(rows.map((el) => el.tagName).join()).toBe('DT,DD,DD,DT,DD,DD,DT,DD,DD');
    const dom = new JSDOM(`<div id="content"><dl>${rows.map((el) => el.outerHTML).join('')}</dl></div>`, { url: LIST_URL });
    const doc = dom.window.document;
    const dt = doc.querySelectorAll('dt.ptitle')[1]!;
    const linksDd = dt.nextElementSibling!.nextElementSibling!;
    const link = doc.createElement('a');
    link.href = 'http://arxiv.org/abs/1905.01436';
    link.textContent = 'arXiv';
    linksDd.append('[', link, ']');
    const found = cvf.findEntries(doc, new URL(LIST_URL));
    expect(found[1]).toMatchObject({ arxivId: '1905.01436', title: 'Edge-Labeling Graph Neural Network for Few-Shot Learning' });
    expect(found[0]!.arxivId).toBeUndefined();
    expect(found[2]!.arxivId).toBeUndefined();
  });
});

describe('cvf: paper page (RECONSTRUCTED, ICCV 2023)', () => {
  const html = readFileSync(fixture(PAPER), 'utf8');
  const { document, entries } = load(html, PAPER_URL);

  it('reads #papertitle, the arXiv link and the abstract', () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.getElementById('papertitle'));
    expect(entries[0]).toMatchObject({
      arxivId: '2304.02643',
      title: 'Segment Anything',
      abstract: expect.stringMatching(/^We introduce the Segment Anything \(SA\) project: a new task, model, and dataset for image segmentation\./),
    });
  });

  it('works without an arXiv link (title only) and finds no listing rows there', () => {
    const dom = new JSDOM(html, { url: PAPER_URL });
    dom.window.document.querySelector('a[href*="arxiv.org"]')!.remove();
    const [entry] = cvf.findEntries(dom.window.document, new URL(PAPER_URL));
    expect(entry).toMatchObject({ title: 'Segment Anything' });
    expect(entry!.arxivId).toBeUndefined();
    expect(cvf.findEntries(document, new URL(LIST_URL))).toEqual([]);
  });
});

describe('cvf: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of cvf.testUrls) expect(cvf.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim the site menu, PDFs, search posts, other hosts or http', () => {
    for (const url of [
      'https://openaccess.thecvf.com/menu',
      'https://openaccess.thecvf.com/',
      'https://openaccess.thecvf.com/CVPR2019_search.py',
      'https://openaccess.thecvf.com/content/ICCV2023/papers/Kirillov_Segment_Anything_ICCV_2023_paper.pdf',
      'https://openaccess.thecvf.com/content/ICCV2023/supplemental/Kirillov_Segment_Anything_ICCV_2023_supplemental.pdf',
      'http://openaccess.thecvf.com/CVPR2019.py',
      'https://thecvf.com/CVPR2019.py',
    ]) {
      expect(cvf.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const url of [LIST_URL, PAPER_URL]) {
      for (const html of ['', '<<<dl><dt class="ptitle"><br><a>', '<div id="papertitle"> </div>']) {
        const dom = new JSDOM(html, { url });
        expect(cvf.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });
});
