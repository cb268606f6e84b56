import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { openreview } from '../../../utils/sites/openreview';
import { readFixture } from '../../helpers/fixtures';
import { corpus, paper } from '../../helpers/papers';
import { buildSitePageA, buildSitePagesA, SITE_PAGES_A } from '../../helpers/demo-pages-sites-a';
import { adapterFor } from '../../../utils/sites/index';

const read = readFixture;
function parse(html: string, url: string) {
  const dom = new JSDOM(html, { url });
  return { document: dom.window.document, entries: openreview.findEntries(dom.window.document, new URL(url)) };
}

const GROUP = 'openreview/group-ICLR-2018-saved-complete.html.gz';
const GROUP_URL = 'https://openreview.net/group?id=ICLR.cc/2018/Conference';
const FORUM = 'openreview/forum-rydeCEhs-RECONSTRUCTED.html';
const FORUM_URL = 'https://openreview.net/forum?id=rydeCEhs-';

const SMASH_ABSTRACT_START = 'Designing architectures for deep neural networks requires expert knowledge and substantial computation time.';
const SMASH_ABSTRACT_END = 'achieving competitive performance with similarly-sized hand-designed networks.';

// jsdom parses a 2.7 MB page: allow for a loaded machine.
describe('openreview: group page, legacy UI (ICLR 2018, saved complete)', { timeout: 60_000 }, () => {
  const { document, entries } = parse(read(GROUP), GROUP_URL);
  const noteId = (anchor: Element) => anchor.closest('li.note')?.getAttribute('data-id');

  it('finds all 996 notes: 980 submitted papers and 16 withdrawn (hidden tab), each once', () => {
    expect(entries).toHaveLength(996);
    expect(new Set(entries.map((e) => noteId(e.anchor))).size).toBe(996);
    expect(entries.filter((e) => e.anchor.closest('#all-submitted-papers'))).toHaveLength(980);
    expect(entries.filter((e) => e.anchor.closest('#withdrawn-papers'))).toHaveLength(16);
    for (const entry of entries) expect(entry.anchor.matches('li.note[data-id] > h4')).toBe(true);
  });

  it('reads trimmed titles in page order', () => {
    const sample = [0, 1, 2, 979, 980, 995].map((i) => [noteId(entries[i]!.anchor), entries[i]!.title]);
    expect(sample).toEqual([
      ['SyBPtQfAZ', 'Improving Discriminator-Generator Balance in Generative Adversarial Networks'],
      ['H1S8UE-Rb', 'Complex- and Real-Valued Neural Network Architectures'],
      ['S1sRrN-CW', 'Revisiting Knowledge Base Embedding as Tensor Decomposition'],
      ['rydeCEhs-', 'SMASH: One-Shot Model Architecture Search through HyperNetworks'],
      ['HyyHX4gZM', 'Towards Quantum Inspired Convolution Networks'],
      ['rkNzJ4m0-', 'Overview on Reinforcement Learning for Robotics'],
    ]);
    expect(entries.every((e) => e.arxivId === undefined && e.doi === undefined)).toBe(true);
  });

  it('reads the abstract from the collapsed note details (not the TL;DR)', () => {
    expect(entries.every((e) => e.abstract)).toBe(true);
    expect(entries[979]!.abstract!.startsWith(SMASH_ABSTRACT_START)).toBe(true);
    expect(entries[979]!.abstract!.endsWith(SMASH_ABSTRACT_END)).toBe(true);
  });

  it('finds nothing when read as a forum page (no forum title there)', () => {
    expect(openreview.findEntries(document, new URL(FORUM_URL))).toEqual([]);
  });
});

describe('openreview: group page, current Next.js UI (markup from openreview-web Note/NoteList, no capture)', () => {
  it('reads div.note[data-id] > h4 titles and abstracts under tabs, skipping the PDF link', () => {
    const html = `<main id="content"><div class="tabs-container"><ul class="nav nav-tabs"><li><a href="#tab-accept-oral">Accept (Oral)</a></li></ul>
      <div class="tab-content"><div class="tab-pane active" id="tab-accept-oral"><ul class="list-unstyled submissions-list">
      <li><div class="note " data-id="abc123XYZ"><h4><a href="/forum?id=abc123XYZ&amp;referrer=%5BHome%5D">
        SMASH: One-Shot Model Architecture Search through HyperNetworks </a> <a href="/pdf?id=abc123XYZ" class="pdf-link" title="Download PDF"><img alt="Download PDF"></a></h4>
        <div class="note-authors">Andrew Brock</div><ul class="list-unstyled note-content"><li><strong class="note-content-field">Abstract:</strong> <span class="note-content-value">${SMASH_ABSTRACT_START}</span></li></ul></div></li>
      <li><div class="note " data-id="def456"><h4><a href="/forum?id=def456">Towards Quantum Inspired Convolution Networks</a></h4></div></li>
      </ul></div></div></div></main>`;
    const { entries } = parse(html, 'https://openreview.net/group?id=ICLR.cc/2025/Conference#tab-accept-oral');
    expect(entries.map((e) => [e.title, e.abstract])).toEqual([
      ['SMASH: One-Shot Model Architecture Search through HyperNetworks', SMASH_ABSTRACT_START],
      ['Towards Quantum Inspired Convolution Networks', undefined],
    ]);
    expect(entries[0]!.anchor.matches('div.note[data-id] > h4')).toBe(true);
  });
});

describe('openreview: forum page', () => {
  it('current Next.js UI (RECONSTRUCTED page): h2.citation_title, abstract of the paper note, not the review', () => {
    const { document, entries } = parse(read(FORUM), FORUM_URL);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('.forum-title > h2.citation_title'));
    expect(entries[0]!.title).toBe('SMASH: One-Shot Model Architecture Search through HyperNetworks');
    expect(entries[0]!.abstract!.startsWith(SMASH_ABSTRACT_START)).toBe(true);
    expect(entries[0]!.abstract!.endsWith(SMASH_ABSTRACT_END)).toBe(true);
  });

  it('falls back to citation_abstract when the note shows no abstract field', () => {
    const dom = new JSDOM(read(FORUM), { url: FORUM_URL });
    const doc = dom.window.document;
    doc.querySelector('.forum-note .note-content')!.remove();
    const [entry] = openreview.findEntries(doc, new URL(FORUM_URL));
    expect(entry!.abstract!.startsWith(SMASH_ABSTRACT_START)).toBe(true);
  });

  it('legacy UI (forum template markup, hand-written): h2.note_content_title inside .title_pdf_row', () => {
    const html = `<div id="content"><div class="forum-container"><div id="note_rydeCEhs-" class="note panel">
      <div class="title_pdf_row clearfix"><h2 class="note_content_title"><a>SMASH: One-Shot Model Architecture Search through HyperNetworks</a></h2>
      <a class="note_content_pdf" href="/pdf?id=rydeCEhs-" title="Download PDF"><img></a></div>
      <div class="meta_row"><span class="signatures">Anonymous</span></div>
      <ul class="list-unstyled note_contents"><li><span class="note_content_field">Abstract: </span><span class="note_content_value">${SMASH_ABSTRACT_START}</span></li></ul>
      </div></div></div>`;
    const { entries } = parse(html, FORUM_URL);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.title).toBe('SMASH: One-Shot Model Architecture Search through HyperNetworks');
    expect(entries[0]!.anchor.matches('.title_pdf_row > h2')).toBe(true);
    expect(entries[0]!.abstract).toBe(SMASH_ABSTRACT_START);
  });
});

describe('openreview: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of openreview.testUrls) expect(openreview.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other OpenReview pages, missing ids or http', () => {
    for (const url of [
      'https://openreview.net/',
      'https://openreview.net/group',
      'https://openreview.net/group?id=',
      'https://openreview.net/forum',
      'https://openreview.net/pdf?id=rydeCEhs-',
      'https://openreview.net/profile?id=~Andrew_Brock1',
      'https://api.openreview.net/notes?forum=rydeCEhs-',
      'http://openreview.net/forum?id=rydeCEhs-',
    ]) {
      expect(openreview.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document (e.g. before the app renders)', () => {
    for (const url of [GROUP_URL, FORUM_URL]) {
      for (const html of ['', '<div id="__next"></div>', '<<<li class="note">&&&', '<li class="note" data-id="x"><h4><a href="/forum?id=x">  </a></h4></li>', '<h2 class="citation_title"> </h2>']) {
        expect(parse(html, url).entries, `${url} ${html}`).toEqual([]);
      }
    }
  });

  it('reports no review replies on a forum page read as a group page', () => {
    expect(parse(read(FORUM), GROUP_URL).entries).toEqual([]);
  });
});

const HOSTILE = 'Markup <img src=x onerror="alert(1)"> & <b>bold</b> stays text';

describe('openreview: demo page (test/helpers/demo-pages-sites-a.ts)', { timeout: 60_000 }, () => {
  it('keeps the 996 notes and puts the papers on the first ones with their abstracts, as text', () => {
    const papers = [paper('2401.00001', HOSTILE), paper('t:0123abcd', 'A Paper Without an arXiv Id'), paper('1409.0473', 'Neural Machine Translation by Jointly Learning to Align and Translate')];
    // also in the corpus: a real note of the page (by its title only)
    const real = paper('t:smash', 'SMASH: One-Shot Model Architecture Search through HyperNetworks');
    const page = buildSitePageA('openreview', papers, corpus([...papers, real]));
    const { url } = SITE_PAGES_A.openreview;
    const { document, entries } = parse(page.html, url);
    expect(entries).toHaveLength(996);
    expect(entries.slice(0, 3).map((e) => [e.title, e.abstract])).toEqual(papers.map((p) => [p.title, p.abstract]));
    expect(page.placed).toEqual(['2401.00001', 't:0123abcd', '1409.0473', 't:smash']);
    expect(document.querySelector('img[src="x"], img[onerror]')).toBeNull();
  });
});

describe('buildSitePagesA: one page per site (Scholar, Semantic Scholar, OpenReview, ACL Anthology)', { timeout: 90_000 }, () => {
  it('serves each page under a URL its own adapter claims, with consecutive corpus papers per page', () => {
    const papers = ['A', 'B', 'C', 'D', 'E'].map((x, i) => paper(`t:${i}`, `Demo Paper ${x} on Sparse Attention`));
    const pages = buildSitePagesA(corpus(papers), 2);
    expect([...pages.keys()]).toEqual(Object.values(SITE_PAGES_A).map((p) => p.url));
    expect(Object.keys(SITE_PAGES_A).map((site) => adapterFor(new URL(SITE_PAGES_A[site as keyof typeof SITE_PAGES_A].url))?.id)).toEqual([
      'scholar', 'semanticscholar', 'openreview', 'aclanthology',
    ]);
    expect([...pages.values()].map((p) => p.placed)).toEqual([['t:0', 't:1'], ['t:2', 't:3'], ['t:4', 't:0'], ['t:1', 't:2']]);
  });

  it('leaves the pages’ entries unplaced for an empty corpus', () => {
    for (const page of buildSitePagesA(corpus([])).values()) expect(page.placed).toEqual([]);
  });
});
