import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { alphaxiv } from '../../../utils/sites/alphaxiv';
import { loadPage } from '../../helpers/fixtures';

// RECONSTRUCTED pages (no real capture exists); see test/fixtures/README.md.
const EXPLORE = 'alphaxiv/explore-RECONSTRUCTED.html';
const ABS = 'alphaxiv/abs-1706.03762-RECONSTRUCTED.html';

const load = (file: string, url: string) => loadPage(alphaxiv, file, url);

describe('alphaxiv: explore feed', () => {
  const { entries } = load(EXPLORE, 'https://www.alphaxiv.org/explore');

  it('finds one entry per card (thumbnail, title, comments and overview links grouped by id)', () => {
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2509.24002', 'MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use'],
      ['2607.22529', 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills'],
      ['1706.03762', 'Attention Is All You Need'],
      ['2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
    ]);
  });

  it('anchors on the titled link (around the card heading), never inside a link', () => {
    for (const entry of entries) {
      expect(entry.anchor.tagName).toBe('A');
      expect(entry.anchor.querySelector('h2')).not.toBeNull();
      expect(entry.anchor.parentElement!.closest('a')).toBeNull();
    }
  });
});

describe('alphaxiv: paper pages', () => {
  it('/abs/<id>: id from the URL, title from the h1', () => {
    const { document, entries } = load(ABS, 'https://www.alphaxiv.org/abs/1706.03762');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.anchor).toBe(document.querySelector('main h1'));
    expect(entries[0]).toMatchObject({ arxivId: '1706.03762', title: 'Attention Is All You Need' });
  });

  it('/overview/<id> and versioned ids', () => {
    expect(load(ABS, 'https://www.alphaxiv.org/overview/1706.03762').entries[0]).toMatchObject({ arxivId: '1706.03762' });
    expect(load(ABS, 'https://alphaxiv.org/abs/1706.03762v7').entries[0]).toMatchObject({ arxivId: '1706.03762' });
  });

  it('takes the title from og:title without the site name when the h1 is still empty', () => {
    const html = readFileSync(new URL(`../../fixtures/${ABS}`, import.meta.url), 'utf8');
    const dom = new JSDOM(html, { url: 'https://www.alphaxiv.org/abs/1706.03762' });
    dom.window.document.querySelector('h1')!.textContent = '';
    expect(alphaxiv.findEntries(dom.window.document, new URL('https://www.alphaxiv.org/abs/1706.03762'))[0]).toMatchObject({
      arxivId: '1706.03762',
      title: 'Attention Is All You Need',
    });
  });
});

describe('alphaxiv: claims and negative cases', () => {
  it('claims its test URLs', () => {
    for (const url of alphaxiv.testUrls) expect(alphaxiv.claims(new URL(url)), url).toBe(true);
  });

  it('does not claim malformed ids, other pages, other hosts or http', () => {
    for (const url of [
      'https://www.alphaxiv.org/abs/not-an-id',
      'https://www.alphaxiv.org/abs/',
      'https://www.alphaxiv.org/abs/1706.03762/extra',
      'https://www.alphaxiv.org/bookmarks',
      'https://www.alphaxiv.org/profile/abc',
      'http://www.alphaxiv.org/abs/1706.03762',
      'https://alphaxiv.example.com/abs/1706.03762',
    ]) {
      expect(alphaxiv.claims(new URL(url)), url).toBe(false);
    }
  });

  it('finds nothing in an empty or garbled document', () => {
    for (const url of ['https://www.alphaxiv.org/explore', 'https://www.alphaxiv.org/abs/1706.03762']) {
      for (const html of ['', '<<<a href="/abs/">&&&', '<a href="/abs/not-an-id">Some title here</a>']) {
        const dom = new JSDOM(html, { url });
        expect(alphaxiv.findEntries(dom.window.document, new URL(url)), `${url} ${html}`).toEqual([]);
      }
    }
  });
});
