// A small, careful BibTeX reader for importing papers. Pure: text in, entries out (runs in Node and
// in the extension). It reads what reference managers, Google Scholar, DBLP, ACL Anthology and arXiv
// export: `@type{key, field = {…} | "…" | 123, …}` with nested braces; `@string`, `@preamble` and
// `@comment` blocks are skipped, and text outside entries is a comment, as in BibTeX itself.
// Not supported (the entry is rejected with the reason, the rest of the file still reads): string
// concatenation with `#`. A structurally broken file (a brace never closed) is an error with its line.
// `latexToText` turns the LaTeX in titles and abstracts into plain Unicode text.

/** A field value longer than this is not a BibTeX field: the file is broken (or hostile). */
export const MAX_FIELD_LENGTH = 100_000;

export interface BibEntry {
  /** Lower-cased entry type: `article`, `inproceedings`, `misc`, … */
  type: string;
  key: string;
  /** 1-based line of the `@`. */
  line: number;
  /** Field values as written (braces and LaTeX kept), by lower-cased field name. The first of repeated fields wins. */
  fields: Map<string, string>;
}

export interface BibProblem {
  line: number;
  key?: string;
  message: string;
}

export interface BibParse {
  entries: BibEntry[];
  /** Entries that were read but cannot be used (e.g. `#` concatenation), with the reason. */
  rejected: BibProblem[];
  warnings: BibProblem[];
}

/** The text cannot be read as BibTeX at all. `line` is the 1-based line where the problem starts. */
export class BibtexError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'BibtexError';
    this.line = line;
  }
}

const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const IDENT = /[A-Za-z0-9_:.+/'-]/;
// The next entry starting at the beginning of a line: a brace was left open before it.
const ENTRY_AT_LINE_START = /^[ \t]*@[A-Za-z]+[ \t]*[{(]/;

/** Parses BibTeX text. Throws BibtexError for a structurally broken file; `maxEntries` caps the entries read. */
export function parseBibtex(text: string, options: { maxEntries?: number } = {}): BibParse {
  const maxEntries = options.maxEntries ?? Infinity;
  const entries: BibEntry[] = [];
  const rejected: BibProblem[] = [];
  const warnings: BibProblem[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;

  const advanceTo = (to: number): void => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const skipSpace = (): void => {
    while (pos < n) {
      const c = text[pos]!;
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\f' && c !== '\v') break;
      pos++;
    }
  };
  /** At a newline inside an open value: is the next line a new entry (so a brace was never closed)? */
  const nextLineStartsEntry = (at: number): boolean => ENTRY_AT_LINE_START.test(text.slice(at + 1, at + 80));

  /** Reads a `{…}` group starting at `{`; returns its content. `what` names it in errors. */
  const readBraced = (what: string, startLine: number): string => {
    const start = pos + 1;
    let depth = 0;
    for (let i = pos; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) {
        i++; // an escaped brace does not count
        if (text.charCodeAt(i) === 10) line++;
      } else if (c === 123 /* { */) depth++;
      else if (c === 125 /* } */) {
        depth--;
        if (depth === 0) {
          if (i - start > MAX_FIELD_LENGTH) throw tooLong(what, startLine);
          const value = text.slice(start, i);
          pos = i + 1;
          return value;
        }
      } else if (c === 10) {
        line++;
        if (nextLineStartsEntry(i)) {
          throw new BibtexError(startLine, `unbalanced braces: ${what} opened on line ${startLine} is not closed before the next entry on line ${line}`);
        }
      }
      if (i - start > MAX_FIELD_LENGTH) throw tooLong(what, startLine);
    }
    throw new BibtexError(startLine, `unbalanced braces: ${what} opened on line ${startLine} is never closed (the file ends first)`);
  };

  /** Reads a `"…"` value (braces inside must balance; a quote inside braces does not end it). */
  const readQuoted = (what: string, startLine: number): string => {
    const start = pos + 1;
    let depth = 0;
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        i++;
        if (text.charCodeAt(i) === 10) line++;
      } else if (c === 123) depth++;
      else if (c === 125) {
        depth--;
        if (depth < 0) throw new BibtexError(line, `unbalanced braces: a "}" closes nothing in ${what} (opened on line ${startLine})`);
      } else if (c === 34 /* " */ && depth === 0) {
        if (i - start > MAX_FIELD_LENGTH) throw tooLong(what, startLine);
        const value = text.slice(start, i);
        pos = i + 1;
        return value;
      } else if (c === 10) {
        line++;
        if (nextLineStartsEntry(i)) {
          throw new BibtexError(startLine, `unbalanced quotes or braces: ${what} opened on line ${startLine} is not closed before the next entry on line ${line}`);
        }
      }
      if (i - start > MAX_FIELD_LENGTH) throw tooLong(what, startLine);
    }
    throw new BibtexError(startLine, `${what} opened with a quote on line ${startLine} is never closed (the file ends first)`);
  };

  const tooLong = (what: string, startLine: number): BibtexError =>
    new BibtexError(startLine, `${what} on line ${startLine} is longer than ${MAX_FIELD_LENGTH.toLocaleString('en-US')} characters: not a BibTeX field (a broken file, or an unclosed brace?)`);

  const readIdent = (): string => {
    const start = pos;
    while (pos < n && IDENT.test(text[pos]!)) pos++;
    return text.slice(start, pos);
  };

  /** Skips an `@string`/`@preamble`/`@comment` block: balanced delimiters. */
  const skipBlock = (type: string, close: string, startLine: number): void => {
    if (close === '}') {
      readBraced(`@${type}`, startLine);
      return;
    }
    let depth = 0;
    for (let i = pos + 1; i < n; i++) {
      const c = text[i]!;
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === ')' && depth === 0) {
        advanceTo(i + 1);
        return;
      }
    }
    throw new BibtexError(startLine, `@${type} opened on line ${startLine} is never closed (the file ends first)`);
  };

  while (pos < n) {
    const at = text.indexOf('@', pos);
    if (at < 0) break;
    advanceTo(at + 1);
    const entryLine = line;
    const type = readIdent().toLowerCase();
    if (!/^[a-z]+$/.test(type)) continue; // an '@' in comment text (an e-mail address, …)
    skipSpace();
    const open = text[pos];
    if (open !== '{' && open !== '(') continue; // "@" + word in comment text
    const close = open === '{' ? '}' : ')';
    if (type === 'comment') {
      // As in BibTeX, a comment's braces are not a structure: skip a balanced block when there is
      // one, else only the word (the rest is comment text anyway).
      if (open === '{') {
        const end = matchBrace(text, pos);
        if (end < n) advanceTo(end + 1);
      }
      continue;
    }
    if (type === 'string' || type === 'preamble') {
      skipBlock(type, close, entryLine);
      continue;
    }
    if (entries.length >= maxEntries) {
      throw new BibtexError(entryLine, `more than ${maxEntries.toLocaleString('en-US')} entries: too many to import at once`);
    }
    pos++;
    skipSpace();
    const keyStart = pos;
    while (pos < n && !/[\s,{}()"=]/.test(text[pos]!)) pos++;
    const key = text.slice(keyStart, pos);
    const entryName = `@${type}{${key.slice(0, 80)}`;
    skipSpace();
    const fields = new Map<string, string>();
    const fieldLines = new Map<string, number>();
    let reject: string | undefined;
    /** The entry never closes: name the field that swallowed the fields after it, when one did. */
    const unclosedEntry = (what: string): BibtexError => {
      for (const [name, value] of fields) {
        if (/\n\s*[A-Za-z]+\s*=/.test(value)) {
          const at = fieldLines.get(name)!;
          return new BibtexError(at, `unbalanced braces: the value of field "${name}" of ${entryName} opened on line ${at} swallows the fields after it (a closing brace is missing), and the entry ${what}`);
        }
      }
      return new BibtexError(entryLine, `unbalanced braces: ${entryName} opened on line ${entryLine} ${what}`);
    };
    if (text[pos] === '=') {
      throw new BibtexError(line, `${entryName}: the citation key is missing (found "=" where "key," belongs)`);
    }
    for (;;) {
      skipSpace();
      if (pos >= n) throw unclosedEntry('is never closed (the file ends first)');
      const c = text[pos]!;
      if (c === close) {
        pos++;
        break;
      }
      if (c === ',') {
        pos++;
        continue;
      }
      if (c === '@') throw unclosedEntry(`is not closed before the next entry on line ${line}`);
      const fieldLine = line;
      const name = readIdent().toLowerCase();
      if (!name) {
        throw new BibtexError(line, `${entryName}: expected a field name, found ${JSON.stringify(text.slice(pos, pos + 20))}`);
      }
      skipSpace();
      if (text[pos] !== '=') {
        throw new BibtexError(line, `${entryName}: expected "=" after the field name "${name.slice(0, 40)}", found ${JSON.stringify(text.slice(pos, pos + 20) || 'the end of the file')}`);
      }
      pos++;
      let value = '';
      for (;;) {
        skipSpace();
        const v = text[pos];
        const what = `field "${name.slice(0, 40)}" of ${entryName}`;
        if (v === '{') value = readBraced(what, line);
        else if (v === '"') value = readQuoted(what, line);
        else if (v !== undefined && /[0-9]/.test(v)) value = readIdent();
        else if (v !== undefined && /[A-Za-z]/.test(v)) {
          const macro = readIdent();
          if (MONTHS.has(macro.toLowerCase())) value = macro.toLowerCase();
          else {
            value = '';
            warnings.push({ line: fieldLine, key, message: `field "${name}" uses the @string macro "${macro.slice(0, 40)}", which is not expanded: left empty` });
          }
        } else {
          throw new BibtexError(line, `${what}: expected a value in braces, quotes or a number, found ${JSON.stringify(text.slice(pos, pos + 20) || 'the end of the file')}`);
        }
        skipSpace();
        if (text[pos] !== '#') break;
        pos++;
        reject ??= `field "${name}" on line ${fieldLine} joins strings with "#", which is not supported`;
      }
      if (fields.has(name)) warnings.push({ line: fieldLine, key, message: `field "${name}" is repeated: the first one is kept` });
      else {
        fields.set(name, value);
        fieldLines.set(name, fieldLine);
      }
    }
    if (reject) rejected.push({ line: entryLine, key, message: reject });
    else entries.push({ type, key, line: entryLine, fields });
  }
  return { entries, rejected, warnings };
}

// ---------------------------------------------------------------------------------------------
// LaTeX → plain text

// Accent commands → the combining mark they put on the next letter (composed with NFC afterwards).
const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};

// Commands that stand for a character (or a word) on their own.
const SYMBOLS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', '\\': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', '/': '', '-': '',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”',
  ldots: '…', dots: '…', textellipsis: '…', textasciitilde: '~', textbackslash: '\\', textunderscore: '_', textbar: '|',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', copyright: '©', textregistered: '®', texttrademark: '™', euro: '€', pounds: '£',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', chi: 'χ',
  psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', pm: '±', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', approx: '≈', infty: '∞', to: '→', rightarrow: '→',
  leftarrow: '←', sim: '∼', degree: '°', ell: 'ℓ',
};
// Letter-like symbols after which TeX eats the following space (`Stra\ss e` → `Straße`).
const EATS_SPACE = new Set(['ss', 'o', 'O', 'aa', 'AA', 'ae', 'AE', 'oe', 'OE', 'l', 'L', 'i', 'j']);
// Commands with two arguments of which the second is the text (`\href{url}{text}`).
const SECOND_ARG = new Set(['href']);

/**
 * LaTeX as found in BibTeX titles and abstracts → plain Unicode text: accents (`{\"u}`, `\'e`,
 * `\c{c}`), letters (`{\ss}`, `\o`), escapes (`\&`, `\%`, `\_`), dashes (`--`, `---`), TeX quotes,
 * formatting commands (`\emph{x}` → `x`), math delimiters, and the braces that protect case. Unknown
 * commands keep their argument (`\foo{x}` → `x`) or their name (`\foo` → `foo`). White space is collapsed.
 */
export function latexToText(input: string): string {
  const out = convert(input, 0);
  return out
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/``/g, '“')
    .replace(/''/g, '”')
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function convert(s: string, depth: number): string {
  let out = '';
  let i = 0;
  const n = s.length;
  /** Reads one argument at i: a {group} (content returned) or one character / control sequence. */
  const readArg = (): string => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n')) i++;
    if (i >= n) return '';
    if (s[i] === '{') {
      const end = matchBrace(s, i);
      const content = s.slice(i + 1, end);
      i = end + 1;
      return content;
    }
    if (s[i] === '\\') {
      const start = i;
      i++;
      if (i < n && /[A-Za-z]/.test(s[i]!)) while (i < n && /[A-Za-z]/.test(s[i]!)) i++;
      else i++;
      return s.slice(start, i);
    }
    return s[i++]!;
  };
  while (i < n) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      let name: string;
      if (i < n && /[A-Za-z]/.test(s[i]!)) {
        const start = i;
        while (i < n && /[A-Za-z]/.test(s[i]!)) i++;
        name = s.slice(start, i);
      } else {
        name = s[i] ?? '';
        i++;
      }
      const accent = ACCENTS[name];
      // A letter accent (\c, \v, …) only when it is not a longer word: `\c{c}`, `\v s`.
      if (accent !== undefined && depth < 20) {
        // An accent on a dotless i/j (`\'\i`) is an accent on i/j: NFC composes only those.
        const arg = convert(readArg(), depth + 1).replace(/^ı/, 'i').replace(/^ȷ/, 'j');
        out += arg ? arg[0] + accent + arg.slice(1) : accent.trim();
        continue;
      }
      const symbol = SYMBOLS[name];
      if (symbol !== undefined) {
        out += symbol;
        if (EATS_SPACE.has(name)) while (i < n && s[i] === ' ') i++;
        continue;
      }
      if (/^[A-Za-z]+$/.test(name)) {
        let j = i;
        while (j < n && s[j] === ' ') j++;
        if (s[j] === '{' && depth < 20) {
          i = j;
          if (SECOND_ARG.has(name)) readArg();
          out += convert(readArg(), depth + 1);
        } else {
          out += name;
        }
        continue;
      }
      out += name; // an unknown escaped character: keep it
      continue;
    }
    if (c === '{' || c === '}' || c === '$') {
      i++;
      continue;
    }
    if (c === '~') {
      out += s[i - 1] === '/' ? '~' : ' '; // a tie, except in a URL path (`/~user`)
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index of the `}` matching the `{` at `open` (or the end of the text when it is never closed). */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return s.length;
}
