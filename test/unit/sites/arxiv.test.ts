import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { arxiv } from '../../../utils/sites/arxiv';
import { loadPage, readFixture } from '../../helpers/fixtures';

const read = readFixture;
const load = (file: string, url: string) => loadPage(arxiv, file, url);

const RECENT = 'arxiv/list-cs.CL-recent-2026-07.html';
const NEW_2018 = 'arxiv/list-cs-new-2018-07-20-excerpt.html';
const ABS_2021 = 'arxiv/abs-2106.09608-2021-12.html';
const ABS_2026 = 'arxiv/abs-1706.03762-2026-08.html';
const SEARCH = 'arxiv/search-attention-RECONSTRUCTED.html';
const AUTHOR = 'arxiv/author-RECONSTRUCTED.html';
const CATCHUP_LEGACY = 'arxiv/catchup-legacy-cs-2018-07-20-RECONSTRUCTED.html';

describe('arxiv: listing, 2024+ format (cs.CL/recent, Jul 2026)', () => {
  const url = 'https://arxiv.org/list/cs.CL/recent';
  const { document, entries } = load(RECENT, url);

  it('finds all 50 entries across both dl#articles (same id twice on the page)', () => {
    expect(document.querySelectorAll('dl#articles')).toHaveLength(2);
    expect(entries).toHaveLength(50);
    expect(new Set(entries.map((e) => e.arxivId)).size).toBe(50);
  });

  it('reads ids and titles without the "Title:" descriptor', () => {
    expect(entries[0]).toMatchObject({
      arxivId: '2607.22529',
      title: 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills',
    });
    expect(entries[17]).toMatchObject({ arxivId: '2607.21978', title: 'MoE$^2$-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation' });
    // last entry of the first day, first of the second <dl>
    expect(entries[46]).toMatchObject({ arxivId: '2607.21608', title: 'From Obligation to Specification: A Survey on Validating EU AI Act Requirements in RE' });
    expect(entries[47]).toMatchObject({ arxivId: '2607.21574', title: 'Surprisal Theory is Tautological (without Rational Grounding)' });
    expect(entries[49]).toMatchObject({ arxivId: '2607.21540', title: 'DONDO: Open w2v-BERT Speech-Recognition Base Models for African Languages' });
  });

  it('anchors on div.list-title and reports no abstracts (this listing shows none)', () => {
    for (const entry of entries) {
      expect(entry.anchor.matches('dd div.list-title')).toBe(true);
      expect(entry.abstract).toBeUndefined();
    }
  });

  it('reads MathJax-rendered titles: MathJax 2 keeps the TeX source, MathJax 3 output is dropped', () => {
    const render = (markup: string) => {
      const dom = new JSDOM(read(RECENT), { url });
      const title = dom.window.document.querySelectorAll('dl#articles > dd div.list-title')[17]!;
      const text = Array.from(title.childNodes).find((n) => n.nodeType === 3 && n.textContent!.includes('MoE$^2$'))!;
      const [before, after] = text.textContent!.split('$^2$');
      const span = dom.window.document.createElement('span');
      span.innerHTML = markup; // fixed test markup imitating MathJax output, not page text
      text.replaceWith(before!, ...Array.from(span.childNodes), after!);
      return arxiv.findEntries(dom.window.document, new URL(url))[17]!.title;
    };
    const mathJax2 =
      '<span class="MathJax_Preview" style="color: inherit;"></span><span class="MathJax" id="MathJax-Element-1-Frame" tabindex="0">' +
      '<nobr><span class="math"><span class="mrow"><span class="msubsup"><span class="mn">2</span></span></span></span></nobr>' +
      '<span class="MJX_Assistive_MathML"><math><msup><mi></mi><mn>2</mn></msup></math></span></span>' +
      '<script type="math/tex" id="MathJax-Element-1">^2</script>';
    const mathJax3 =
      '<mjx-container class="MathJax CtxtMenu_Attached_0" jax="CHTML"><mjx-math class="MJX-TEX"><mjx-msup><mjx-mi></mjx-mi>' +
      '<mjx-script><mjx-mn><mjx-c class="mjx-c32"></mjx-c></mjx-mn></mjx-script></mjx-msup></mjx-math>' +
      '<mjx-assistive-mml><math><msup><mi></mi><mn>2</mn></msup></math></mjx-assistive-mml></mjx-container>';
    expect(render(mathJax2)).toBe('MoE$^2$-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation');
    expect(render(mathJax3)).toBe('MoE-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation');
  });

  it('reads old-style ids from the abs link (hep-th/9901001)', () => {
    const dom = new JSDOM(read(RECENT), { url });
    const link = dom.window.document.querySelector('dl#articles > dt a[title="Abstract"]')!;
    link.setAttribute('href', '/abs/hep-th/9901001');
    expect(arxiv.findEntries(dom.window.document, new URL(url))[0]!.arxivId).toBe('hep-th/9901001');
  });
});

describe('arxiv: listing, pre-2024 format (cs/new, 20 Jul 2018, excerpt)', () => {
  const { entries } = load(NEW_2018, 'https://arxiv.org/list/cs/new');

  it('finds all 87 entries across the new / cross-list / replacement sections', () => {
    expect(entries).toHaveLength(87);
    expect(entries[0]).toMatchObject({
      arxivId: '1807.07067',
      // the page has a double space before "Planar"
      title: 'A Fixed-Parameter Linear-Time Algorithm to Compute Principal Typings of Planar Flow Networks',
    });
    expect(entries[5]).toMatchObject({ arxivId: '1807.07126', title: 'Streaming Video QoE Modeling and Prediction: A Long Short-Term Memory Approach' });
    expect(entries[6]).toMatchObject({ arxivId: '1807.07095', title: 'Ricci curvature for parametric statistics via optimal transport' });
    expect(entries[21]).toMatchObject({ arxivId: '1807.07547', title: 'Partial recovery bounds for clustering with the relaxed $K$means' });
    expect(entries[22]).toMatchObject({ arxivId: '1309.6610', title: 'Adversarial Multiple Access Channels with Individual Injection Rates' });
    expect(entries[31]).toMatchObject({ arxivId: '1705.05420', title: 'FAST$^2$: an Intelligent Assistant for Finding Relevant Papers' });
    expect(entries[42]).toMatchObject({ arxivId: '1712.05766', title: 'On W[1]-Hardness as Evidence for Intractability' });
    expect(entries[86]).toMatchObject({ arxivId: '1807.06576', title: 'Comparison of RNN Encoder-Decoder Models for Anomaly Detection' });
  });

  it('reads the abstracts shown for new submissions and cross-lists, none for replacements', () => {
    expect(entries.filter((e) => e.abstract).length).toBe(22);
    expect(entries.slice(0, 22).every((e) => e.abstract)).toBe(true);
    expect(entries[0]!.abstract).toBe(
      'We present an alternative and simpler method for computing principal typings of flow networks. ' +
        'When limited to planar flow networks, the method can be made to run in fixed-parameter linear-time -- ' +
        'where the parameter not to be exceeded is what is called the edge-outerplanarity of the networks\' underlying graphs.',
    );
    expect(entries[21]!.abstract).toMatch(/^We investigate the clustering performances of the relaxed \$K\$means in the setting/);
    expect(entries[22]!.abstract).toBeUndefined();
  });
});

describe('arxiv: abstract pages', () => {
  it('2021 layout (2106.09608v2): h1.title without "Title:", id from citation meta, abstract', () => {
    const { document, entries } = load(ABS_2021, 'https://arxiv.org/abs/2106.09608');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('h1.title'));
    expect(entries[0]).toMatchObject({ arxivId: '2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments' });
    expect(entries[0]!.abstract).toMatch(/^World models improve a learning agent's ability to efficiently operate in interactive and situated environments\./);
    expect(entries[0]!.abstract).toMatch(/as well as the importance of each of our contributions\.$/);
    expect(entries[0]!.doi).toBeUndefined();
  });

  it('2026 layout (1706.03762v7)', () => {
    const { entries } = load(ABS_2026, 'https://arxiv.org/abs/1706.03762');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ arxivId: '1706.03762', title: 'Attention Is All You Need' });
    expect(entries[0]!.abstract).toMatch(/^The dominant sequence transduction models are based on complex recurrent/);
    expect(entries[0]!.abstract).toMatch(/English constituency parsing both with large and limited training data\.$/);
  });

  it('takes the id from a versioned URL when the citation meta is missing', () => {
    const dom = new JSDOM(read(ABS_2026), { url: 'https://arxiv.org/abs/1706.03762v5' });
    dom.window.document.querySelector('meta[name="citation_arxiv_id"]')!.remove();
    expect(arxiv.findEntries(dom.window.document, new URL('https://arxiv.org/abs/1706.03762v5'))[0]!.arxivId).toBe('1706.03762');
  });
});

describe('arxiv: search results (RECONSTRUCTED page, no real capture exists)', () => {
  const { document, entries } = load(SEARCH, 'https://arxiv.org/search/?query=attention&searchtype=all&source=header');

  it('finds the 4 li.arxiv-result rows, ids without version, old-style id, highlighted and TeX titles', () => {
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['1706.03762', 'Attention Is All You Need'],
      ['2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
      ['1807.07547', 'Partial recovery bounds for clustering with the relaxed $K$means'],
      ['hep-th/9711200', 'The Large N Limit of Superconformal Field Theories and Supergravity'],
    ]);
    for (const entry of entries) expect(entry.anchor.matches('li.arxiv-result > p.title')).toBe(true);
  });

  it('reads the full abstract without the More/Less toggles; it equals the abs page’s abstract', () => {
    const abs = load(ABS_2026, 'https://arxiv.org/abs/1706.03762').entries[0]!;
    expect(entries[0]!.abstract).toBe(abs.abstract);
    for (const entry of entries) expect(entry.abstract).not.toMatch(/More|Less|[△▽]/);
  });

  it('ignores p.title outside result rows (the beta banner)', () => {
    expect(document.querySelectorAll('p.title')).toHaveLength(5);
  });
});

// 2,000 rows through jsdom's selector engine take a few seconds on a loaded machine (milliseconds in a browser).
describe('arxiv: paged listings (?skip=&show=, up to 2,000 entries)', { timeout: 60_000 }, () => {
  it('reads all 2,000 rows of a show=2000 page (the real first row repeated with new ids), in order, each once', () => {
    const url = 'https://arxiv.org/list/cs.LG/2407?skip=0&show=2000';
    const dom = new JSDOM(read(RECENT), { url });
    const doc = dom.window.document;
    const [list, second] = Array.from(doc.querySelectorAll('dl#articles'));
    second!.remove();
    const dt = list!.querySelector(':scope > dt')!;
    const dd = dt.nextElementSibling!;
    for (const row of Array.from(list!.querySelectorAll(':scope > dt, :scope > dd'))) row.remove();
    for (let i = 0; i < 2000; i++) {
      const id = `2407.${String(10000 + i)}`;
      const [newDt, newDd] = [dt.cloneNode(true) as Element, dd.cloneNode(true) as Element];
      const link = newDt.querySelector('a[title="Abstract"]')!;
      link.setAttribute('href', `/abs/${id}`);
      link.setAttribute('id', id);
      link.textContent = `arXiv:${id}`;
      newDd.querySelector('div.list-title')!.lastChild!.textContent = ` Row ${i + 1} of a long listing\n`;
      list!.append(newDt, newDd);
    }
    const entries = arxiv.findEntries(doc, new URL(url));
    expect(entries).toHaveLength(2000);
    expect(new Set(entries.map((e) => e.anchor)).size).toBe(2000);
    expect(entries.map((e) => e.arxivId)).toEqual(Array.from({ length: 2000 }, (_, i) => `2407.${10000 + i}`));
    expect(entries[0]!.title).toBe('Row 1 of a long listing');
    expect(entries[1999]!.title).toBe('Row 2000 of a long listing');
  });

  it('reads a skip/show page like any listing page', () => {
    const { entries } = load(RECENT, 'https://arxiv.org/list/cs.CL/recent?skip=25&show=25');
    expect(entries).toHaveLength(50);
  });
});

describe('arxiv: author pages (/a/…, RECONSTRUCTED: list/author.html template around 3 real rows)', () => {
  const { document, entries } = load(AUTHOR, 'https://arxiv.org/a/huang_s_1');

  it('finds the rows of the single dl#articles', () => {
    expect(document.querySelectorAll('dl#articles')).toHaveLength(1);
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2607.22529', 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills'],
      ['2607.21978', 'MoE$^2$-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation'],
      ['2607.21574', 'Surprisal Theory is Tautological (without Rational Grounding)'],
    ]);
  });
});

describe('arxiv: catchup pages', () => {
  it('legacy catchup (RECONSTRUCTED: the 2018 listing with one <dl> per item): all 87 entries', () => {
    const url = 'https://arxiv.org/catchup?smonth=07&group=grp_cs&sday=20&num=50&archive=cs&method=with&syear=2018';
    const { document, entries } = load(CATCHUP_LEGACY, url);
    expect(document.querySelectorAll('#dlpage dl')).toHaveLength(87);
    const listing = load(NEW_2018, 'https://arxiv.org/list/cs/new').entries;
    expect(entries.map((e) => [e.arxivId, e.title, e.abstract])).toEqual(listing.map((e) => [e.arxivId, e.title, e.abstract]));
  });

  it('current catchup (/catchup/<subject>/<date>) uses the listing template (catchup.html → item_list): read as a listing', () => {
    const { entries } = load(RECENT, 'https://arxiv.org/catchup/cs.CL/2026-07-27');
    expect(entries).toHaveLength(50);
  });
});

describe('arxiv: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of arxiv.testUrls) expect(arxiv.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim other arXiv pages, malformed ids, empty searches or http', () => {
    for (const url of [
      'https://arxiv.org/help',
      'https://arxiv.org/',
      'https://arxiv.org/abs/',
      'https://arxiv.org/abs/not-an-id',
      'https://arxiv.org/abs/2401.1234567',
      'https://arxiv.org/pdf/1706.03762',
      'https://arxiv.org/search/',
      'https://arxiv.org/search/advanced',
      'https://arxiv.org/list/',
      'http://arxiv.org/abs/1706.03762',
      'https://export.arxiv.org/abs/1706.03762',
      'https://arxiv.org/a/',
      'https://arxiv.org/a/vaswani_a_1.atom',
      'https://arxiv.org/a/vaswani_a_1.atom2',
      'https://arxiv.org/a/vaswani_a_1.json',
      'https://arxiv.org/a/vaswani_a_1/extra',
      'https://arxiv.org/catchup',
      'https://arxiv.org/catchup/',
      'https://arxiv.org/catchup?archive=cs',
      'https://arxiv.org/catchup/cs.CL',
      'https://arxiv.org/catchup/cs.CL/yesterday',
    ]) {
      expect(arxiv.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document, or on a page of another kind', () => {
    for (const url of ['https://arxiv.org/list/cs/new', 'https://arxiv.org/abs/1706.03762', 'https://arxiv.org/search/?query=x']) {
      for (const html of ['', '<<<dl id="articles"><dt><dd>&&&', '<dl id="articles"><dt><a title="Abstract" href="/abs/">x</a></dt><dd></dd></dl>']) {
        const dom = new JSDOM(html, { url });
        expect(arxiv.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
    expect(load(ABS_2026, 'https://arxiv.org/list/cs/new').entries).toEqual([]);
    expect(load(RECENT, 'https://arxiv.org/abs/2607.22529').entries).toEqual([]);
  });
});
