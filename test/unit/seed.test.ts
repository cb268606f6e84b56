import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTitle } from '../../utils/core/normalize';
import { InputFormatError, parseIdsTsv, parseSeed, type SeedParse } from '../../utils/core/seed';

const SEED = readFileSync(resolve(__dirname, '../../scripts/seed/000_07216205dbe5c28b.txt'), 'utf8');
const IDS = readFileSync(resolve(__dirname, '../../scripts/seed/arxiv-ids.tsv'), 'utf8');

/** A plausible abstract (over the 200 characters that mark a line as abstract-like). */
const abs = (n: number): string =>
  `Abstract ${n}. We study a problem and propose a method that improves results on several benchmarks. ` +
  `Experiments on many datasets show consistent gains over strong baselines, and we release code and models.`;

/** Throws unless `fn` throws an InputFormatError on `line`; returns the message. */
function formatError(fn: () => unknown, line: number): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputFormatError);
    expect((e as InputFormatError).line).toBe(line);
    return (e as Error).message;
  }
  throw new Error('expected an InputFormatError');
}

const summary = (r: SeedParse) => r.entries.map((e) => [e.titleLine, e.title, e.abstractLine, e.abstract]);

describe('parseSeed on the real seed', () => {
  const parsed = parseSeed(SEED);
  const idRows = IDS.trim().split('\n').slice(1).map((l) => l.split('\t'));

  it('finds the 112 papers, the first one without the glued chrome word', () => {
    expect(parsed.entries).toHaveLength(112);
    expect(parsed.entries[0]!.title).toBe('Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
    expect(parsed.entries[0]!.abstract.startsWith('Training giant models from scratch')).toBe(true);
    expect(parsed.entries[111]!.abstract.endsWith('https://github.com/tanny411/GPT3-Reliability-Check.')).toBe(true);
  });

  it('pairs each title with the abstract on the next line, in the order of the ids file', () => {
    expect(idRows).toHaveLength(112);
    parsed.entries.forEach((entry, i) => {
      expect(entry.titleLine).toBe(2 * i + 3);
      expect(entry.abstractLine).toBe(2 * i + 4);
      expect(normalizeTitle(entry.title)).toBe(normalizeTitle(idRows[i]![2]!));
    });
  });

  it('warns about the two chrome lines and the glued word, with their lines', () => {
    expect(parsed.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
    expect(parsed.warnings[0]!.message).toContain('Get trending papers in your email inbox once a day!');
    expect(parsed.warnings[2]!.message).toContain('"Subscribe"');
  });
});

describe('parseSeed on crafted files', () => {
  const plain = ['Chrome line one', 'Chrome two', 'SubscribeFirst Title', abs(1), 'Second Title', abs(2)].join('\n');

  it('reads CRLF and CR line ends like LF', () => {
    expect(summary(parseSeed(plain.replace(/\n/g, '\r\n')))).toEqual(summary(parseSeed(plain)));
    expect(summary(parseSeed(plain.replace(/\n/g, '\r')))).toEqual(summary(parseSeed(plain)));
  });

  it('skips blank and white-space-only lines but keeps real line numbers', () => {
    const spaced = ['', 'Chrome line one', '  \t ', 'Chrome two', 'SubscribeFirst Title', '', abs(1), '\u00a0', 'Second Title', abs(2), '', ''].join('\n');
    expect(summary(parseSeed(spaced))).toEqual([
      [5, 'First Title', 7, abs(1)],
      [9, 'Second Title', 10, abs(2)],
    ]);
  });

  it('strips a byte-order mark and collapses runs of white space', () => {
    const r = parseSeed(`\ufeffA   Title\twith tabs\n  ${abs(1)}  `);
    expect(summary(r)).toEqual([[1, 'A Title with tabs', 2, abs(1)]]);
    expect(r.warnings).toEqual([]);
  });

  it('reads a file without chrome, without warnings', () => {
    const r = parseSeed(['First Title', abs(1), 'Second Title', abs(2)].join('\n'));
    expect(r.entries.map((e) => e.title)).toEqual(['First Title', 'Second Title']);
    expect(r.warnings).toEqual([]);
  });

  it('skips any number of short chrome lines up to the first title/abstract pair', () => {
    const chrome = ['Home', 'Papers', 'Trending', 'Get trending papers in your email inbox!', 'Log in'];
    const r = parseSeed([...chrome, 'First Title', abs(1)].join('\n'));
    expect(summary(r)).toEqual([[6, 'First Title', 7, abs(1)]]);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    ['Sign inDeep Learning for X', 'Deep Learning for X', true],
    ['Log inScaling Laws', 'Scaling Laws', true],
    ['ShareGPT4V: Improving Large Multi-Modal Models', 'ShareGPT4V: Improving Large Multi-Modal Models', false],
    ['FollowBench: A Multi-level Benchmark', 'FollowBench: A Multi-level Benchmark', false],
    ['SubscribeGPT: not a capitalised word after it', 'SubscribeGPT: not a capitalised word after it', false],
    ['Subscribers Matter', 'Subscribers Matter', false],
  ])('first title %j becomes %j', (title, expected, warned) => {
    const r = parseSeed(`${title}\n${abs(1)}`);
    expect(r.entries[0]!.title).toBe(expected);
    expect(r.warnings.some((w) => w.line === 1 && w.message.includes('glued'))).toBe(warned);
  });

  it('removes a glued chrome word from the first title only', () => {
    const r = parseSeed(['First Title', abs(1), 'SubscribeSecond Title', abs(2)].join('\n'));
    expect(r.entries[1]!.title).toBe('SubscribeSecond Title');
  });

  it('keeps a trailing title without abstract, with an empty abstract and a warning', () => {
    const r = parseSeed(['First Title', abs(1), 'Last Title', ''].join('\n'));
    expect(summary(r)).toEqual([
      [1, 'First Title', 2, abs(1)],
      [3, 'Last Title', undefined, ''],
    ]);
    expect(r.warnings).toEqual([{ line: 3, message: expect.stringContaining('without an abstract') }]);
  });

  it('keeps a mid-file title without abstract when the line after next is too long to be a title', () => {
    const long = `${abs(2)} ${abs(3)}`; // over 300 characters: an abstract, never a title
    const r = parseSeed(['First Title', abs(1), 'Orphan Title', 'Second Title', long].join('\n'));
    expect(summary(r)).toEqual([
      [1, 'First Title', 2, abs(1)],
      [3, 'Orphan Title', undefined, ''],
      [4, 'Second Title', 5, long],
    ]);
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
  });
});

describe('parseSeed rejects files that are not in the format', () => {
  const long = 'x'.repeat(301);

  it('an empty file', () => {
    expect(formatError(() => parseSeed(''), 1)).toMatch(/empty/);
  });

  it('a file of white space', () => {
    formatError(() => parseSeed('\n  \n\t\n'), 1);
  });

  it('a binary file (NUL bytes), on the line of the first NUL', () => {
    expect(formatError(() => parseSeed(`Title\n${abs(1)}\nab\u0000cd\n`), 3)).toMatch(/U\+0000.*not a text file/);
  });

  it('other control characters', () => {
    formatError(() => parseSeed(`Title\u0007\n${abs(1)}`), 1);
  });

  it('two abstracts in a row, on the line of the second', () => {
    const msg = formatError(() => parseSeed(['Title', abs(1), abs(2), 'Next', abs(3)].join('\n')), 3);
    expect(msg).toMatch(/expected a title.*two abstracts in a row/);
  });

  it('two abstracts in a row after blank lines, with the real line number', () => {
    formatError(() => parseSeed(['Title', '', abs(1), '', '', abs(2)].join('\n')), 6);
  });

  it('an absurdly long title line after the first paper', () => {
    formatError(() => parseSeed(['Title', abs(1), 'T'.repeat(5000), abs(2)].join('\n')), 3);
  });

  it('an abstract without a title at the start', () => {
    expect(formatError(() => parseSeed([abs(1) + abs(2), 'Title', abs(3)].join('\n')), 1)).toMatch(/without a title/);
  });

  it('an abstract over 10000 characters', () => {
    expect(formatError(() => parseSeed(['Title', 'word '.repeat(2500)].join('\n')), 2)).toMatch(/at most 10000/);
  });

  it('only chrome and no papers', () => {
    expect(formatError(() => parseSeed('Get trending papers\nSubscribe\n'), 2)).toMatch(/no papers/);
  });

  it('a list of short lines with no abstract in sight', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i}`);
    expect(formatError(() => parseSeed(lines.join('\n')), 21)).toMatch(/no papers found/);
  });

  it('an abstract-length line at the end, where a title belongs', () => {
    expect(formatError(() => parseSeed(['Title', abs(1), abs(2)].join('\n')), 3)).toMatch(/two abstracts in a row/);
  });

  it('a line too long for a title even when an abstract follows it', () => {
    formatError(() => parseSeed(['Title', abs(1), long, abs(2)].join('\n')), 3);
  });
});

describe('parseIdsTsv', () => {
  it('reads the 112 rows of the real ids file', () => {
    const rows = parseIdsTsv(IDS);
    expect(rows).toHaveLength(112);
    expect(rows[0]).toEqual({ line: 2, arxivId: '2110.08542', title: 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?' });
    expect(rows[111]!.line).toBe(113);
  });

  it('finds columns by header name, strips versions and arXiv: prefixes, skips blank lines, reads CRLF', () => {
    const rows = parseIdsTsv('title\tarxiv_id\r\nA Paper\t2401.12345v3\r\n\r\nOld One\tarXiv:hep-th/9901001\r\n');
    expect(rows).toEqual([
      { line: 2, arxivId: '2401.12345', title: 'A Paper' },
      { line: 4, arxivId: 'hep-th/9901001', title: 'Old One' },
    ]);
  });

  it.each([
    ['an empty file', '', 1, /empty/],
    ['a header without arxiv_id', 'n\tid\ttitle\n1\t2401.12345\tX\n', 1, /arxiv_id/],
    ['a row with too few cells', 'n\tarxiv_id\ttitle\n1\t2401.12345\tX\n2\t2401.12346\n', 3, /expected 3/],
    ['a cell that is not an arXiv id', 'n\tarxiv_id\ttitle\n1\tnot-an-id\tX\n', 2, /not an arXiv id/],
    ['an id with trailing text', 'n\tarxiv_id\ttitle\n1\t2401.12345 see\tX\n', 2, /not an arXiv id/],
    ['an empty title', 'n\tarxiv_id\ttitle\n1\t2401.12345\t \n', 2, /empty title/],
    ['a NUL byte', 'n\tarxiv_id\ttitle\n1\t2401.12345\tX\u0000\n', 2, /not a text file/],
  ])('rejects %s', (_name, text, line, message) => {
    expect(formatError(() => parseIdsTsv(text), line)).toMatch(message);
  });
});
