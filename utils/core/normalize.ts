// Normalisation of titles and identifiers, shared by the corpus builder, the matcher and the site adapters.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…',
};

/** Decodes the HTML entities that survive in scraped titles (`&amp;`, `&#39;`, `&#x2019;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Collapses runs of white space (including NBSP and line breaks) to one space and trims. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]+/g, ' ').trim();
}

/**
 * The key two titles are compared by: lower case, accents stripped, HTML entities decoded,
 * LaTeX braces/commands removed, every run of punctuation, dashes, quotes or white space
 * folded to one space. "BERT: Pre-training of {Deep} Bidirectional Transformers" and
 * "bert pre‐training of deep bidirectional transformers" give the same key.
 */
export function normalizeTitle(title: string): string {
  return decodeEntities(title)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // combining accents left by NFKD
    .replace(/\\[a-zA-Z]+\s*/g, ' ') // LaTeX commands such as \emph, \textit
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// New-style ids: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015+), optional version.
const NEW_ID = /(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w])/;
// Old-style ids: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
const OLD_ID = /(?<![\w.-])([a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?!\w)/;

/**
 * Extracts an arXiv id (without version) from an id, `arXiv:` label or arxiv.org/huggingface.co URL.
 * Returns undefined when the text holds none. Only the first id is returned.
 */
export function parseArxivId(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const m = NEW_ID.exec(text);
  if (m) {
    const id = m[1]!;
    const month = Number(id.slice(2, 4));
    if (month >= 1 && month <= 12) return id;
  }
  const o = OLD_ID.exec(text);
  return o ? o[1] : undefined;
}

/** Publication year implied by a new-style arXiv id (2401.12345 → 2024), else undefined. */
export function yearFromArxivId(id: string | undefined): number | undefined {
  if (!id || !/^\d{4}\./.test(id)) {
    const old = id && /\/(\d{2})\d{5}$/.exec(id);
    if (!old) return undefined;
    const yy = Number(old[1]);
    return yy >= 91 ? 1900 + yy : 2000 + yy;
  }
  return 2000 + Number(id.slice(0, 2));
}

/** Extracts a DOI (lower-cased, as DOIs are case-insensitive) from text or a doi.org URL. */
export function parseDoi(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  } catch {
    // Malformed percent-encoding (e.g. %C3%28): read the text as it is.
  }
  const m = /\b(10\.\d{4,9}\/[^\s"'<>]+)/i.exec(decoded);
  if (!m) return undefined;
  return m[1]!.replace(/[.,;)\]]+$/, '').toLowerCase();
}

/** The arXiv id inside an arXiv DOI (10.48550/arXiv.2401.12345), if it is one. */
export function arxivIdFromDoi(doi: string | undefined): string | undefined {
  const m = doi && /^10\.48550\/arxiv\.(.+)$/i.exec(doi);
  return m ? parseArxivId(m[1]) : undefined;
}

/** A title ending in an ellipsis was cut by the site: its exact key is then not the paper's title. */
export function isTruncatedTitle(title: string): boolean {
  return /(?:…|\.\.\.)\s*$/.test(title);
}
