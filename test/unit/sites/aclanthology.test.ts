import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { aclanthology } from '../../../utils/sites/aclanthology';
import { loadPage, readFixture } from '../../helpers/fixtures';
import { corpus, paper } from '../../helpers/papers';
import { buildSitePageA, SITE_PAGES_A } from '../../helpers/demo-pages-sites-a';

const read = readFixture;
const load = (file: string, url: string) => loadPage(aclanthology, file, url);

const PEOPLE_2026 = 'aclanthology/people-andreas-madsack-2026-07.html';
const PEOPLE_2023 = 'aclanthology/people-andreas-madsack-2023-01.html';
const PAPER_NAACL = 'aclanthology/paper-2021.naacl-main.208.html';
const PAPER_N04 = 'aclanthology/paper-N04-1001.html';
const VOLUME = 'aclanthology/volume-N19-1-RECONSTRUCTED.html';

/** The anthology id in the entry's title link. */
const linkId = (anchor: Element) => anchor.querySelector('a')?.getAttribute('href');

describe('aclanthology: author page, 2026 redesign (Hugo 0.160)', () => {
  const { entries } = load(PEOPLE_2026, 'https://aclanthology.org/people/andreas-madsack/');

  it('finds the 6 papers, not the author or volume links, anchored on the <strong> around the title', () => {
    expect(entries.map((e) => [linkId(e.anchor), e.title])).toEqual([
      ['/2022.in2writing-1.1/', 'Data-to-text systems as writing environment'],
      ['/W19-4201/', 'AX Semantics’ Submission to the SIGMORPHON 2019 Shared Task'],
      ['/W18-6560/', 'Multi-Language Surface Realisation as REST API based NLG Microservice'],
      ['/W18-3607/', 'AX Semantics’ Submission to the Surface Realization Shared Task 2018'],
      ['/K18-3004/', 'AX Semantics’ Submission to the CoNLL–SIGMORPHON 2018 Shared Task'],
      ['/W17-3524/', 'A working, non-trivial, topically indifferent NLG System for 17 languages'],
    ]);
    for (const entry of entries) expect(entry.anchor.matches('#main div.d-sm-flex > span.d-block > strong')).toBe(true);
  });

  it('reads the abstract from the collapsed card the "abs" badge opens', () => {
    expect(entries[0]!.abstract).toMatch(/^Today, data-to-text systems are used as commercial solutions for automated text productionof large quantities of text\./);
    expect(entries.every((e) => e.arxivId === undefined && e.doi === undefined)).toBe(true);
  });
});

describe('aclanthology: author page, 2023 layout (Hugo 0.108)', () => {
  it('finds the same 6 papers in that page’s order, p.d-sm-flex rows', () => {
    const { entries } = load(PEOPLE_2023, 'https://aclanthology.org/people/a/andreas-madsack/');
    expect(entries.map((e) => linkId(e.anchor))).toEqual([
      '/2022.in2writing-1.1/', '/W19-4201/', '/K18-3004/', '/W18-3607/', '/W18-6560/', '/W17-3524/',
    ]);
    expect(entries[2]!.title).toBe('AX Semantics’ Submission to the CoNLL–SIGMORPHON 2018 Shared Task');
    expect(entries[5]!.title).toBe('A working, non-trivial, topically indifferent NLG System for 17 languages');
    for (const entry of entries) expect(entry.anchor.matches('#main p.d-sm-flex > span.d-block > strong')).toBe(true);
    expect(entries[0]!.abstract).toMatch(/^Today, data-to-text systems are used/);
  });
});

describe('aclanthology: paper pages', () => {
  it('2021.naacl-main.208: h2#title, DOI from citation_doi, abstract without its heading', () => {
    const { document, entries } = load(PAPER_NAACL, 'https://aclanthology.org/2021.naacl-main.208/');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('h2#title'));
    expect(entries[0]).toMatchObject({ title: 'How many data points is a prompt worth?', doi: '10.18653/v1/2021.naacl-main.208' });
    expect(entries[0]!.abstract).toMatch(/^When fine-tuning pretrained models for classification, researchers either use a generic model head/);
  });

  it('N04-1001: no DOI on the page, none reported', () => {
    const { entries } = load(PAPER_N04, 'https://aclanthology.org/N04-1001/');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.title).toBe('A Statistical Model for Multilingual Entity Detection and Tracking');
    expect(entries[0]!.doi).toBeUndefined();
  });

  it('takes the title from citation_title when the heading is empty', () => {
    const dom = new JSDOM(read(PAPER_NAACL), { url: 'https://aclanthology.org/2021.naacl-main.208/' });
    dom.window.document.querySelector('h2#title')!.textContent = '';
    const [entry] = aclanthology.findEntries(dom.window.document, new URL('https://aclanthology.org/2021.naacl-main.208/'));
    expect(entry!.title).toBe('How many data points is a prompt worth?');
  });
});

describe('aclanthology: volume page (RECONSTRUCTED, no capture exists)', () => {
  it('skips the front matter row and finds the paper with its abstract', () => {
    const { entries } = load(VOLUME, 'https://aclanthology.org/volumes/N19-1/');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
      abstract: 'We introduce a new language representation model called BERT, which stands for Bidirectional Encoder Representations from Transformers.',
    });
    expect(linkId(entries[0]!.anchor)).toBe('/N19-1423/');
  });

  it('treats .0, W..00 and X..000 ids as front matter, nothing else', () => {
    const row = (id: string) => `<div class="d-sm-flex"><span class="d-block"><strong><a class="align-middle" href="/${id}/">Title ${id}</a></strong></span></div>`;
    const ids = ['2022.in2writing-1.0', '2022.in2writing-1.10', 'N19-1000', 'N19-1100', 'W19-4200', 'W19-4201', 'P18-2000', 'P18-2001'];
    const dom = new JSDOM(`<section id="main">${ids.map(row).join('')}</section>`, { url: 'https://aclanthology.org/events/acl-2022/' });
    const found = aclanthology.findEntries(dom.window.document, new URL('https://aclanthology.org/events/acl-2022/'));
    expect(found.map((e) => e.title)).toEqual(['Title 2022.in2writing-1.10', 'Title N19-1100', 'Title W19-4201', 'Title P18-2001']);
  });
});

describe('aclanthology: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of aclanthology.testUrls) expect(aclanthology.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other Anthology pages, PDFs, BibTeX or http', () => {
    for (const url of [
      'https://aclanthology.org/',
      'https://aclanthology.org/venues/acl/',
      'https://aclanthology.org/faq/',
      'https://aclanthology.org/info/author-pages/',
      'https://aclanthology.org/2021.naacl-main.208.pdf',
      'https://aclanthology.org/2021.naacl-main.208.bib',
      'https://aclanthology.org/N04-1001.pdf',
      'https://aclanthology.org/search/?q=bert',
      'http://aclanthology.org/N04-1001/',
      'https://www.aclweb.org/anthology/N04-1001/',
    ]) {
      expect(aclanthology.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document, or on a page of another kind', () => {
    for (const url of ['https://aclanthology.org/people/andreas-madsack/', 'https://aclanthology.org/N04-1001/']) {
      for (const html of ['', '<<<section id="main">&&&', '<section id="main"><strong><a href="/people/x/">Someone</a></strong><h2 id="title"> </h2></section>']) {
        const dom = new JSDOM(html, { url });
        expect(aclanthology.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
    // paper pages hold no listing rows; the author page's h2#title is the author's name, never read as a paper
    expect(load(PAPER_NAACL, 'https://aclanthology.org/people/andreas-madsack/').entries).toEqual([]);
    expect(load(PEOPLE_2026, 'https://aclanthology.org/people/andreas-madsack/').entries.some((e) => e.anchor.matches('h2'))).toBe(false);
  });
});

const HOSTILE = 'Markup <img src=x onerror="alert(1)"> & <b>bold</b> stays text';

describe('aclanthology: demo page (test/helpers/demo-pages-sites-a.ts)', () => {
  it('keeps the 6 rows and puts the papers on the first ones with their abstracts, as text', () => {
    const papers = [paper('2401.00001', HOSTILE), paper('t:0123abcd', 'A Paper Without an arXiv Id')];
    const page = buildSitePageA('aclanthology', papers, corpus(papers));
    const { url } = SITE_PAGES_A.aclanthology;
    const dom = new JSDOM(page.html, { url });
    const entries = aclanthology.findEntries(dom.window.document, new URL(url));
    expect(entries).toHaveLength(6);
    expect(entries.slice(0, 2).map((e) => [e.title, e.abstract])).toEqual(papers.map((p) => [p.title, p.abstract]));
    expect(entries[2]!.title).toBe('Multi-Language Surface Realisation as REST API based NLG Microservice');
    expect(page.placed).toEqual(['2401.00001', 't:0123abcd']);
    expect(dom.window.document.querySelector('img[src="x"], img[onerror]')).toBeNull();
  });
});
