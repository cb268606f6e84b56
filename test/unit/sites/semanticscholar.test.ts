import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { semanticscholar } from '../../../utils/sites/semanticscholar';
import { loadPage, readFixture } from '../../helpers/fixtures';
import { corpus, paper } from '../../helpers/papers';
import { buildSitePageA, SITE_PAGES_A } from '../../helpers/demo-pages-sites-a';

const read = readFixture;
const load = (file: string, url: string) => loadPage(semanticscholar, file, url);

const CROSSWALK = 'semanticscholar/paper-704dde84-crosswalk-2024-02.html.gz';
const CROSSWALK_URL =
  'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe';
const MEOW = 'semanticscholar/paper-d1de4343-meow-2024-02.html.gz';
const MEOW_URL =
  'https://www.semanticscholar.org/paper/What%E2%80%99s-in-a-Meow-A-Study-on-Human-Classification-of-Prato-Previde-Cannas/d1de4343d4076843583ca5826f345be6cb5cd75c';
const SEARCH = 'semanticscholar/search-attention-RECONSTRUCTED.html';
const SEARCH_URL = 'https://www.semanticscholar.org/search?q=attention%20is%20all%20you%20need&sort=relevance';

/** The row's data-paper-id, to check entries against the page's own ids. */
const rowId = (anchor: Element) => anchor.closest('[data-paper-id]')?.getAttribute('data-paper-id');

describe('semanticscholar: paper page (Where the Crosswalk Ends, Feb 2024, server HTML)', () => {
  const { document, entries } = load(CROSSWALK, CROSSWALK_URL);

  it('finds the paper itself, then its 3 citing papers and 10 references', () => {
    expect(entries).toHaveLength(14);
    expect(entries[0]!.anchor).toBe(document.querySelector('h1[data-test-id="paper-detail-title"]'));
    expect(entries[0]).toEqual({
      anchor: entries[0]!.anchor,
      doi: '10.1177/23998083221081530',
      title: 'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    });
    expect(entries.slice(1, 4).every((e) => e.anchor.closest('[data-test-id="cited-by"]'))).toBe(true);
    expect(entries.slice(4).every((e) => e.anchor.closest('[data-test-id="reference"]'))).toBe(true);
  });

  it('reads row titles and anchors on the title link (not inside it)', () => {
    expect(entries[1]!.title).toBe(
      'Marked crosswalks in US transit-oriented station areas, 2007–2020: A computer vision approach using street view imagery',
    );
    expect(rowId(entries[1]!.anchor)).toBe('b2f47f05010d6049fea1083e15c1eddc6449fe9a');
    expect(entries[3]!.title).toBe('Geographic Information System and Atomized Transportation Modes');
    expect(entries[4]!.title).toBe(
      'The Impact of a Signalized Crosswalk on Traffic Speed and Street-Crossing Behaviors of Residents in an Underserved Neighborhood',
    );
    expect(entries[8]!.title).toBe('Safety Effects of Marked Versus Unmarked Crosswalks at Uncontrolled Locations: Analysis of Pedestrian Crashes in 30 Cities');
    expect(entries[13]!.title).toBe('An examination of the increases in pedestrian motor-vehicle crash fatalities during 2009-2016.');
    expect(rowId(entries[13]!.anchor)).toBe('5c681bc0b4358b2c0d37e91ea7047c36b8af615b');
    for (const entry of entries.slice(1)) {
      expect(entry.anchor.matches('div.cl-paper-row > a[data-test-id="citation-paper-title"]')).toBe(true);
      expect(entry.arxivId).toBeUndefined();
      expect(entry.doi).toBeUndefined();
    }
  });
});

describe('semanticscholar: paper page (What’s in a Meow, Feb 2024)', () => {
  const { entries } = load(MEOW, MEOW_URL);

  it('finds the paper and its 10 + 10 rows, each row once, in page order', () => {
    expect(entries).toHaveLength(21);
    expect(entries[0]).toMatchObject({
      doi: '10.3390/ani10122390',
      title: 'What’s in a Meow? A Study on Human Classification and Interpretation of Domestic Cat Vocalizations',
    });
    const ids = entries.slice(1).map((e) => rowId(e.anchor));
    expect(new Set(ids).size).toBe(20);
    expect(ids[0]).toBe('5d4c0bdd4f010bfbe36ca1f7ac0212cd549c0e50');
    expect(entries[1]!.title).toBe('Multimodal Communication in the Human–Cat Relationship: A Pilot Study');
    expect(entries[8]!.title).toBe('CatMeows: A Publicly-Available Dataset of Cat Vocalizations');
    // the page writes &#x27;: read as a plain apostrophe
    expect(entries[20]!.title).toBe("The Voice of Emotion across Species: How Do Human Listeners Recognize Animals' Affective States?");
  });

  it('reads the DOI from citation_doi and the arXiv id from a header arXiv link when the page has them', () => {
    const dom = new JSDOM(read(MEOW), { url: MEOW_URL });
    const doc = dom.window.document;
    doc.querySelector('[data-test-id="paper-doi"]')!.remove();
    const meta = doc.createElement('meta');
    meta.setAttribute('name', 'citation_doi');
    meta.setAttribute('content', '10.48550/arXiv.2012.01234');
    doc.head.append(meta);
    expect(semanticscholar.findEntries(doc, new URL(MEOW_URL))[0]).toMatchObject({ doi: '10.48550/arxiv.2012.01234', arxivId: '2012.01234' });

    const link = doc.createElement('a');
    link.setAttribute('data-test-id', 'paper-link');
    link.setAttribute('href', 'https://arxiv.org/abs/2012.05678v2');
    doc.querySelector('[data-test-id="paper-detail-page-header"]')!.append(link);
    expect(semanticscholar.findEntries(doc, new URL(MEOW_URL))[0]!.arxivId).toBe('2012.05678');
  });
});

describe('semanticscholar: search results (RECONSTRUCTED page, no capture exists)', () => {
  const { entries } = load(SEARCH, SEARCH_URL);

  it('finds the 3 rows with titles, arXiv id and DOI from the row links, no main paper', () => {
    expect(entries.map((e) => [e.title, e.arxivId, e.doi])).toEqual([
      ['Attention is All you Need', '1706.03762', undefined],
      ['Deep Residual Learning for Image Recognition', undefined, '10.1109/cvpr.2016.90'],
      ['What’s in a Meow? A Study on Human Classification and Interpretation of Domestic Cat Vocalizations', undefined, undefined],
    ]);
    expect(entries[0]!.anchor.matches('a[data-test-id="title-link"]')).toBe(true);
    // a row without the data-test-id hook still anchors on its title link
    expect(entries[2]!.anchor.matches('div.cl-paper-row > a[href^="/paper/"]')).toBe(true);
  });
});

describe('semanticscholar: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of semanticscholar.testUrls) expect(semanticscholar.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other Semantic Scholar pages, empty searches or http', () => {
    for (const url of [
      'https://www.semanticscholar.org/',
      'https://www.semanticscholar.org/search',
      'https://www.semanticscholar.org/search?q=',
      'https://www.semanticscholar.org/paper/not-a-paper-id',
      'https://www.semanticscholar.org/author/Marcel-E.-Moran/123',
      'https://www.semanticscholar.org/reader/d1de4343d4076843583ca5826f345be6cb5cd75c',
      'https://api.semanticscholar.org/paper/d1de4343d4076843583ca5826f345be6cb5cd75c',
      'http://www.semanticscholar.org/paper/d1de4343d4076843583ca5826f345be6cb5cd75c',
    ]) {
      expect(semanticscholar.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document (e.g. before the app renders)', () => {
    for (const url of [CROSSWALK_URL, SEARCH_URL]) {
      for (const html of ['', '<div id="app"></div>', '<<<div class="cl-paper-row">&&&', '<div class="cl-paper-row"><a data-test-id="title-link"><h2 class="cl-paper-title"> </h2></a></div>']) {
        const dom = new JSDOM(html, { url });
        expect(semanticscholar.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });

  it('does not report the page’s own paper on a search URL', () => {
    const { entries } = load(CROSSWALK, SEARCH_URL);
    expect(entries).toHaveLength(13);
    expect(entries.some((e) => e.anchor.matches('h1'))).toBe(false);
  });
});

const HOSTILE = 'Markup <img src=x onerror="alert(1)"> & <b>bold</b> stays text';

describe('semanticscholar: demo page (test/helpers/demo-pages-sites-a.ts)', () => {
  const papers = [paper('2401.00001', HOSTILE), paper('t:0123abcd', 'A Paper Without an arXiv Id')];
  const page = buildSitePageA('semanticscholar', papers, corpus(papers));
  const { url } = SITE_PAGES_A.semanticscholar;
  const dom = new JSDOM(page.html, { url });
  const entries = semanticscholar.findEntries(dom.window.document, new URL(url));

  it('keeps the paper and its 13 rows and puts the papers on the first rows, as text', () => {
    expect(entries).toHaveLength(14);
    expect(entries[0]!.title).toBe('Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco');
    expect(entries.slice(1, 3).map((e) => e.title)).toEqual(papers.map((p) => p.title));
    expect(page.placed).toEqual(['2401.00001', 't:0123abcd']);
    expect(dom.window.document.querySelector('img[src="x"], img[onerror]')).toBeNull();
  });
});
