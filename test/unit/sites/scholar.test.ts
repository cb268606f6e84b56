import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { scholar } from '../../../utils/sites/scholar';
import { loadPage, readFixture } from '../../helpers/fixtures';
import { corpus, paper } from '../../helpers/papers';
import { buildSitePageA, SITE_PAGES_A } from '../../helpers/demo-pages-sites-a';

const read = readFixture;
const load = (file: string, url: string) => loadPage(scholar, file, url);

const SEARCH_2026 = 'scholar/search-2026-03-10results-key-redacted.html';
const SEARCH_2020 = 'scholar/search-2020-11-10results.html';
const SEARCH_2016 = 'scholar/search-2016-05-quoted-title-1result.html';
const CAPTCHA = 'scholar/captcha-block-2020-11.html';
const PROFILE = 'scholar/profile-RECONSTRUCTED.html';

describe('scholar: search results, 2026 layout ("attention mechanism", Mar 2026)', () => {
  const url = 'https://scholar.google.com/scholar?hl=en&as_sdt=0%2C5&q=attention+mechanism&btnG=';
  const { document, entries } = load(SEARCH_2026, url);

  it('finds the 10 data-cid rows, not the related-searches or alert blocks', () => {
    expect(document.querySelectorAll('div.gs_r')).toHaveLength(12);
    expect(document.querySelector('div.gs_qsuggest_wrap.gs_r')).not.toBeNull();
    expect(entries).toHaveLength(10);
    for (const entry of entries) expect(entry.anchor.matches('div.gs_r[data-cid] > div.gs_ri > h3.gs_rt')).toBe(true);
  });

  it('reads titles without <b> highlights and without the [HTML] badges', () => {
    expect(entries.map((e) => e.title)).toEqual([
      'A review on the attention mechanism of deep learning',
      'Attention mechanisms in computer vision: A survey',
      'Attention mechanism in neural networks: where it comes and where it goes',
      'Research progress in attention mechanism in deep learning',
      'Attention branch network: Learning of attention mechanism for visual explanation',
      'A general survey on attention mechanisms in deep learning',
      'An overview of the attention mechanisms in computer vision',
      'Attention mechanisms and their applications to complex systems',
      'Object detection based on an adaptive attention mechanism',
      'An empirical study of spatial attention mechanisms in deep networks',
    ]);
    expect(entries[0]!.anchor.closest('[data-cid]')!.getAttribute('data-cid')).toBe('2BmMArIDz08J');
  });

  it('reads arXiv ids from the "[PDF] arxiv.org" side links only where the row has one', () => {
    expect(entries.map((e) => e.arxivId)).toEqual([
      undefined, undefined, '2204.13154', undefined, undefined, '2203.14263', undefined, undefined, undefined, undefined,
    ]);
    // publisher links are not DOIs; only doi.org hrefs are read
    expect(entries.every((e) => e.doi === undefined)).toBe(true);
  });

  it('reads an arXiv id from an arxiv.org title link and a DOI from a doi.org link', () => {
    const dom = new JSDOM(read(SEARCH_2026), { url });
    const links = dom.window.document.querySelectorAll('div.gs_r[data-cid] h3.gs_rt > a');
    links[0]!.setAttribute('href', 'https://arxiv.org/abs/1706.03762v7');
    links[1]!.setAttribute('href', 'https://doi.org/10.1109/TPAMI.2024.3519386');
    const found = scholar.findEntries(dom.window.document, new URL(url));
    expect(found[0]).toMatchObject({ arxivId: '1706.03762' });
    expect(found[1]).toMatchObject({ doi: '10.1109/tpami.2024.3519386' });
  });
});

describe('scholar: search results, 2020 layout (Nov 2020)', () => {
  const { entries } = load(SEARCH_2020, 'https://scholar.google.com/scholar?hl=en&q=Olympus+Range+geology');

  it('finds 10 rows, drops [CITATION]/[PDF] badges, keeps a truncated title as shown', () => {
    expect(entries).toHaveLength(10);
    // [CITATION] row: the title is a span, not a link
    expect(entries[0]!.title).toBe('Geology of the Olympus Range Area, Southern Victoria Land');
    expect(entries[0]!.anchor.querySelector('span[id="4qAC3XBmStsJ"]')).not.toBeNull();
    expect(entries[1]!.title).toBe(
      'Plutonic rocks from the Cape Roberts hinterland: Wilson piedmont glacier, southern Victoria land, Antarctica',
    );
    expect(entries[2]!.title).toBe('Initiation of magmatism during the Cambrian–Ordovician Ross orogeny in southern Victoria Land, Antarctica');
    // Scholar cut the start of this title; the leading ellipsis stays for the fuzzy matcher to see
    expect(entries[4]!.title).toBe(
      '… erosion, uplift and unroofing of the Transantarctic Mountains deduced from sandstone detrital modes in CRP-3 drillcore, Victoria Land Basin, Antarctica',
    );
    expect(entries[6]!.title).toBe('Glacial Lake Victoria, a high\u2010level Antarctic lake inferred from lacustrine deposits in Victoria Valley');
    expect(entries[9]!.title).toBe('Surficial geology and geomorphology of the western Olympus Range, Antarctica: Implications for ice-sheet history');
    expect(entries.every((e) => e.arxivId === undefined && e.doi === undefined)).toBe(true);
  });
});

describe('scholar: search results, 2016 layout (scholar.google.co.jp, no data-cid)', () => {
  it('finds the one div.gs_r row by its h3.gs_rt', () => {
    const { document, entries } = load(SEARCH_2016, 'https://scholar.google.co.jp/scholar?q=%22Learning+deep+architectures+for+AI%22');
    expect(document.querySelector('[data-cid]')).toBeNull();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ title: 'Learning deep architectures for AI' });
    expect(entries[0]!.anchor.matches('div.gs_r div.gs_ri > h3.gs_rt')).toBe(true);
  });
});

describe('scholar: profile publication list (RECONSTRUCTED page, no capture exists)', () => {
  it('reads the 4 tr.gsc_a_tr rows, href and legacy data-href links, anchored on a.gsc_a_at', () => {
    const { entries } = load(PROFILE, 'https://scholar.google.com/citations?user=kukA0LcAAAAJ&hl=en');
    expect(entries.map((e) => e.title)).toEqual([
      'Generative adversarial nets',
      'Deep learning',
      'Neural machine translation by jointly learning to align and translate',
      'Learning deep architectures for AI',
    ]);
    for (const entry of entries) expect(entry.anchor.matches('tr.gsc_a_tr > td.gsc_a_t > a.gsc_a_at')).toBe(true);
  });

  it('reads rows appended by "Show more"', () => {
    const url = 'https://scholar.google.com/citations?user=kukA0LcAAAAJ&hl=en';
    const dom = new JSDOM(read(PROFILE), { url });
    const doc = dom.window.document;
    const row = doc.querySelector('tr.gsc_a_tr')!.cloneNode(true) as Element;
    row.querySelector('a.gsc_a_at')!.textContent = 'A neural probabilistic language model';
    doc.querySelector('#gsc_a_b')!.append(row);
    const found = scholar.findEntries(doc, new URL(url));
    expect(found).toHaveLength(5);
    expect(found[4]!.title).toBe('A neural probabilistic language model');
  });
});

describe('scholar: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of scholar.testUrls) expect(scholar.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim the home page, empty searches, citation details, other Google hosts or http', () => {
    for (const url of [
      'https://scholar.google.com/',
      'https://scholar.google.com/scholar',
      'https://scholar.google.com/scholar?hl=en&q=',
      'https://scholar.google.com/schhp?hl=en',
      'https://scholar.google.com/citations?view_op=view_citation&hl=en&user=kukA0LcAAAAJ&citation_for_view=kukA0LcAAAAJ:u5HHmVD_uO8C',
      'https://scholar.google.com/citations?view_op=search_authors&mauthors=bengio',
      'https://scholar.google.com/citations?hl=en',
      'https://www.google.com/scholar?q=attention',
      'https://scholar.google.com.evil.example/scholar?q=attention',
      'http://scholar.google.com/scholar?q=attention',
    ]) {
      expect(scholar.claims(new URL(url)), url).toBe(false);
    }
  });

  it('lists the main country domains for both page kinds in the manifest patterns', () => {
    expect(scholar.matches).toContain('https://scholar.google.com/scholar?*');
    expect(scholar.matches).toContain('https://scholar.google.co.jp/scholar?*');
    expect(scholar.matches).toContain('https://scholar.google.de/citations?*');
    expect(scholar.matches.length).toBeGreaterThanOrEqual(20);
  });

  it('finds nothing on the CAPTCHA page, without throwing', () => {
    const { document, entries } = load(CAPTCHA, 'https://scholar.google.com/scholar?hl=en&q=Olympus+Range+geology');
    expect(document.querySelector('form#gs_captcha_f')).not.toBeNull();
    expect(entries).toEqual([]);
  });

  it('finds nothing when a CAPTCHA form sits on a results page', () => {
    const url = 'https://scholar.google.com/scholar?q=attention+mechanism';
    const dom = new JSDOM(read(SEARCH_2026), { url });
    const form = dom.window.document.createElement('form');
    form.id = 'gs_captcha_f';
    dom.window.document.body.append(form);
    expect(scholar.findEntries(dom.window.document, new URL(url))).toEqual([]);
  });

  it('finds nothing in an empty or garbled document, or on a page of the other kind', () => {
    for (const url of ['https://scholar.google.com/scholar?q=x', 'https://scholar.google.com/citations?user=kukA0LcAAAAJ']) {
      for (const html of ['', '<<<div class="gs_r">&&&', '<div class="gs_r" data-cid="x"><h3 class="gs_rt"><span class="gs_ctc">[PDF]</span></h3></div>']) {
        const dom = new JSDOM(html, { url });
        expect(scholar.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
    expect(load(PROFILE, 'https://scholar.google.com/scholar?q=x').entries).toEqual([]);
    expect(load(SEARCH_2026, 'https://scholar.google.com/citations?user=kukA0LcAAAAJ').entries).toEqual([]);
  });
});

const HOSTILE = 'Markup <img src=x onerror="alert(1)"> & <b>bold</b> stays text';

describe('scholar: demo page (test/helpers/demo-pages-sites-a.ts)', () => {
  const papers = [
    paper('2401.00001', HOSTILE),
    paper('t:0123abcd', 'A Paper Without an arXiv Id'),
    paper('1409.0473', 'Neural Machine Translation by Jointly Learning to Align and Translate'),
  ];
  // a real entry of the page (arXiv side link) that is also in the corpus
  const real = paper('2204.13154', 'Attention mechanism in neural networks: where it comes and where it goes');
  const page = buildSitePageA('scholar', papers, corpus([...papers, real]));
  const { url } = SITE_PAGES_A.scholar;
  const dom = new JSDOM(page.html, { url });
  const entries = scholar.findEntries(dom.window.document, new URL(url));

  it('keeps the 10 rows, rewrites the titles of rows without an arXiv link, reports real corpus rows too', () => {
    expect(entries).toHaveLength(10);
    expect([0, 1, 3].map((i) => entries[i]!.title)).toEqual(papers.map((p) => p.title));
    expect(entries[2]).toMatchObject({ arxivId: '2204.13154', title: real.title });
    expect(page.placed).toEqual(['2401.00001', 't:0123abcd', '2204.13154', '1409.0473']);
  });

  it('writes titles as text, never as markup', () => {
    expect(dom.window.document.querySelector('img[src="x"], img[onerror]')).toBeNull();
  });
});
