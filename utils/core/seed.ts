// Parses the seed input format: paper listings scraped as plain text, one title line followed by
// one abstract line per paper, with whatever page chrome the scrape picked up before the first paper.
// Also parses the ids file (TSV) that gives papers their arXiv ids. Pure: text in, data out.
import { cleanText, parseArxivId } from './normalize';

/** One paper as read from a seed file. Lines are 1-based line numbers in that file. */
export interface SeedEntry {
  title: string;
  abstract: string;
  titleLine: number;
  /** Absent when the title had no abstract (the paper is kept with `abstract: ''`). */
  abstractLine?: number;
}

export interface LineWarning {
  line: number;
  message: string;
}

export interface SeedParse {
  entries: SeedEntry[];
  warnings: LineWarning[];
}

/** One row of an ids file. */
export interface IdRow {
  line: number;
  arxivId: string;
  title: string;
}

/** The input is not in the expected format. `line` is the 1-based line the problem was found on. */
export class InputFormatError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'InputFormatError';
    this.line = line;
  }
}

/** A line longer than this cannot be a title: it is an abstract (or garbage) where a title belongs. */
export const MAX_TITLE_LENGTH = 300;
/** Longer abstracts are taken as a broken file rather than an abstract. */
export const MAX_ABSTRACT_LENGTH = 10_000;
/** A line this long or longer, after a title-length line, reads as an abstract (used to find where papers start). */
export const MIN_ABSTRACT_LIKE_LENGTH = 200;
/** Page chrome before the first paper: at most this many lines of at most this length. */
export const MAX_CHROME_LINES = 20;
export const MAX_CHROME_LENGTH = 200;

// Page-chrome words that scrapes glue to the first title when the button text has no trailing
// space ("SubscribeHey AI, …"). Only words no real title starts with in CamelCase: not "Share"
// (ShareGPT) or "Follow" (FollowBench).
const GLUED_CHROME = /^(Subscribe|Unsubscribe|Sign in|Sign up|Log in|Log out)(?=\p{Lu}\p{Ll})/u;

// NUL and other C0/C1 control characters that are not white space: a binary file, not text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

interface Line {
  no: number;
  text: string;
}

/**
 * Parses a seed file. Throws `InputFormatError` (with the line) when the text is not in the format:
 * empty, control characters (binary), no title/abstract pair within the first lines, an abstract
 * where a title belongs (a line over MAX_TITLE_LENGTH, or an abstract-like line not followed by an
 * abstract: "two abstracts in a row"), or an abstract over MAX_ABSTRACT_LENGTH.
 *
 * Tolerated, with a warning where something is dropped or changed: a byte-order mark, CRLF/CR line
 * ends, blank or white-space-only lines anywhere, page chrome before the first paper (short lines
 * before the first title/abstract pair), a chrome word glued to the first title, and a title without
 * an abstract, kept with an empty abstract: at the end of the file, or mid-file when the next line
 * is short and the one after it too long to be a title. Runs of white space are collapsed to one space;
 * the text is otherwise kept as written (no entity decoding, no markup handling).
 */
export function parseSeed(text: string): SeedParse {
  const warnings: LineWarning[] = [];
  const lines: Line[] = [];
  const raw = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const bad = CONTROL.exec(line);
    if (bad) {
      const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
      throw new InputFormatError(i + 1, `control character U+${code.toUpperCase()} at column ${bad.index + 1}: this is not a text file`);
    }
    const cleaned = cleanText(line);
    if (cleaned) lines.push({ no: i + 1, text: cleaned });
  }
  if (lines.length === 0) throw new InputFormatError(1, 'no text: the file is empty or only white space');

  const start = firstPaperIndex(lines);
  for (const chrome of lines.slice(0, start)) {
    warnings.push({ line: chrome.no, message: `skipped page chrome before the first paper: "${chrome.text}"` });
  }

  const entries: SeedEntry[] = [];
  let i = start;
  while (i < lines.length) {
    const title = lines[i]!;
    const next = lines[i + 1];
    // Where a title belongs: a line too long for a title, or an abstract-length line that is not
    // followed by its own abstract, is an abstract without a title (or a second abstract in a row).
    if (
      title.text.length > MAX_TITLE_LENGTH ||
      (title.text.length >= MIN_ABSTRACT_LIKE_LENGTH && (next === undefined || next.text.length < MIN_ABSTRACT_LIKE_LENGTH))
    ) {
      throw new InputFormatError(
        title.no,
        `expected a title but found a ${title.text.length}-character line that reads as an abstract; ` +
          (entries.length > 0 ? 'two abstracts in a row, or a missing title?' : 'an abstract without a title?'),
      );
    }
    let titleText = title.text;
    if (entries.length === 0) {
      const glued = GLUED_CHROME.exec(titleText);
      if (glued) {
        titleText = titleText.slice(glued[0].length);
        warnings.push({ line: title.no, message: `removed page-chrome word "${glued[0]}" glued to the first title` });
      }
    }
    const abstract = next;
    // No abstract: the file ends here, or the next line is short (title-like) and the one after it
    // is too long to be a title, so the short line is the next paper's title.
    const missing =
      abstract === undefined ||
      (abstract.text.length < MIN_ABSTRACT_LIKE_LENGTH && (lines[i + 2]?.text.length ?? 0) > MAX_TITLE_LENGTH);
    if (missing) {
      warnings.push({ line: title.no, message: 'title without an abstract: kept with an empty abstract' });
      entries.push({ title: titleText, abstract: '', titleLine: title.no });
      i += 1;
      continue;
    }
    if (abstract.text.length > MAX_ABSTRACT_LENGTH) {
      throw new InputFormatError(abstract.no, `abstract is ${abstract.text.length} characters long (at most ${MAX_ABSTRACT_LENGTH})`);
    }
    entries.push({ title: titleText, abstract: abstract.text, titleLine: title.no, abstractLine: abstract.no });
    i += 2;
  }
  return { entries, warnings };
}

/**
 * Index of the first paper's title: the first title-length line followed by an abstract-like line
 * (at least MIN_ABSTRACT_LIKE_LENGTH characters). Lines before it are page chrome; there may be at
 * most MAX_CHROME_LINES of them, each at most MAX_CHROME_LENGTH characters, else the file is rejected.
 */
function firstPaperIndex(lines: Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (line.text.length <= MAX_TITLE_LENGTH && next && next.text.length >= MIN_ABSTRACT_LIKE_LENGTH) return i;
    if (line.text.length > MAX_CHROME_LENGTH) {
      throw new InputFormatError(
        line.no,
        `found a ${line.text.length}-character line before the first title: an abstract without a title?`,
      );
    }
    if (i >= MAX_CHROME_LINES) {
      throw new InputFormatError(
        line.no,
        `no papers found: no title line followed by an abstract line (${MIN_ABSTRACT_LIKE_LENGTH}+ characters) ` +
          `in the first ${MAX_CHROME_LINES + 1} non-blank lines`,
      );
    }
  }
  throw new InputFormatError(
    lines[lines.length - 1]!.no,
    `no papers found: no title line followed by an abstract line (${MIN_ABSTRACT_LIKE_LENGTH}+ characters)`,
  );
}

/**
 * Parses an ids file: tab-separated, a header row naming the columns `arxiv_id` and `title` (other
 * columns, such as `n`, are ignored), then one row per paper. Blank lines are skipped. arXiv ids may
 * carry a version or an `arXiv:` prefix; they are stored without. Throws `InputFormatError` on a
 * missing column, a row with too few cells, a cell that is not an arXiv id, or binary content.
 */
export function parseIdsTsv(text: string): IdRow[] {
  const raw = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  let header: string[] | undefined;
  let idCol = -1;
  let titleCol = -1;
  const rows: IdRow[] = [];
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    const line = raw[i]!;
    if (CONTROL.exec(line)) throw new InputFormatError(no, 'control character: this is not a text file');
    if (!line.trim()) continue;
    const cells = line.split('\t').map((c) => cleanText(c));
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      idCol = header.indexOf('arxiv_id');
      titleCol = header.indexOf('title');
      if (idCol === -1 || titleCol === -1) {
        throw new InputFormatError(no, `header must name the tab-separated columns "arxiv_id" and "title", found: ${JSON.stringify(line.slice(0, 200))}`);
      }
      continue;
    }
    if (cells.length < header.length) {
      throw new InputFormatError(no, `expected ${header.length} tab-separated cells, found ${cells.length}`);
    }
    const idCell = cells[idCol]!;
    const title = cells[titleCol]!;
    const arxivId = parseArxivId(idCell);
    if (!arxivId || !isWholeArxivId(idCell, arxivId)) {
      throw new InputFormatError(no, `not an arXiv id: ${JSON.stringify(idCell.slice(0, 100))}`);
    }
    if (!title) throw new InputFormatError(no, 'empty title');
    if (title.length > MAX_TITLE_LENGTH) throw new InputFormatError(no, `title is ${title.length} characters long (at most ${MAX_TITLE_LENGTH})`);
    rows.push({ line: no, arxivId, title });
  }
  if (!header) throw new InputFormatError(1, 'no text: the ids file is empty');
  return rows;
}

/** `2401.12345`, `2401.12345v2`, `arXiv:2401.12345` — but not `2401.12345 and more`. */
function isWholeArxivId(cell: string, id: string): boolean {
  const rest = cell.replace(/^arxiv:\s*/i, '');
  return rest === id || new RegExp(`^${id.replace(/[.]/g, '\\.')}v\\d+$`).test(rest);
}
