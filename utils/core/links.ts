// Finds the links written in an abstract and tells code, model and project links apart.
// Abstract text is untrusted plain text (never HTML). The scanner is a single left-to-right pass
// plus linear trimming per candidate, so adversarial input cannot trigger regex backtracking.
import type { LinkKind, PaperLink } from './types';

// Characters that end a URL written in prose: white space, the brackets markup wraps URLs in
// (`<…>`, LaTeX `{…}`), ASCII and Unicode quotes, CJK punctuation, zero-width characters, and
// CJK script (Chinese/Japanese/Korean prose runs into a URL without a space: `访问https://…获取代码`).
// `\` ends a URL too, except the LaTeX escapes handled in `readChunk`.
const STOP =
  /[\s<>"{}|^`\\\u00ab\u00bb\u2018-\u201f\u2039\u203a\u2026\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7af\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u200b-\u200d\u2060\ufeff]/;

// LaTeX escapes that abstracts carry inside URLs (`my\_repo`, `50\%`): `\_` means `_`.
const LATEX_ESCAPED = new Set(['_', '%', '#', '&', '~', '$']);

// A character before `http` that means the `http` continues an earlier URL (an archived URL
// such as web.archive.org/web/2020/https://…), rather than starting a new one (`code:https://…`).
const URL_CONTINUATION = /[A-Za-z0-9/=?&#%+_~.-]/;

// Wrapping a scheme-less link may start with: `(github.com/x)`, `*name.github.io*`.
const LEADING_WRAP = /^[([*'_]+/;

// Punctuation that ends a sentence or a clause rather than a URL.
const TRAILING_PUNCT = new Set(['.', ',', ';', ':', '!', '?', "'", '*', '…']);

// Top-level domains a link without `http(s)://` may end in. Kept short on purpose: file
// extensions that are also TLDs (.py, .md, .sh, .rs, .pl, .cc) and English words (.in, .it,
// .at, .be, .no, .me, .us, …) are left out, so `train.py`, `e.g.` or `results.In` never become links.
const SCHEMELESS_TLDS = new Set([
  'com', 'org', 'net', 'edu', 'gov', 'io', 'ai', 'co', 'dev', 'app', 'page', 'site', 'xyz', 'info',
  'tech', 'science', 'tv', 'uk', 'de', 'fr', 'jp', 'kr', 'cn', 'hk', 'tw', 'sg', 'ca', 'au', 'nz',
  'ch', 'nl', 'se', 'fi', 'dk', 'pl', 'cz', 'ru', 'br', 'eu', 'ms', 'ly', 'gl', 'gg',
]);

const MAX_URL_LENGTH = 2048;
const MAX_HOST_LENGTH = 253;

/**
 * Every http(s) link written in `text`, in order of first appearance, without duplicates.
 *
 * - Scheme-less links (`github.com/owner/repo`, `name.github.io`) get `https://`.
 * - The scheme is kept as written (`http://` stays `http://`).
 * - Trailing sentence punctuation, unmatched `)`/`]`, quotes and `<…>`/`{…}` wrapping are removed;
 *   balanced parentheses inside a URL (Wikipedia) are kept.
 * - LaTeX escapes inside a URL are undone (`my\_repo` → `my_repo`).
 * - Two links are the same when they differ only in scheme, host case or a trailing slash; the first is kept.
 */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  const seen = new Set<string>();
  const add = (url: string | undefined): void => {
    if (!url) return;
    const key = dedupKey(url);
    if (seen.has(key)) return;
    seen.add(key);
    links.push({ url, kind: linkKind(url) });
  };

  let i = 0;
  while (i < text.length) {
    if (STOP.test(text[i]!) && !isLatexEscape(text, i)) {
      i++;
      continue;
    }
    const { chunk, end } = readChunk(text, i);
    i = end;
    const starts = schemeStarts(chunk);
    if (starts.length === 0) {
      add(schemelessUrl(chunk));
      continue;
    }
    for (let s = 0; s < starts.length; s++) {
      add(schemeUrl(chunk.slice(starts[s], starts[s + 1] ?? chunk.length)));
    }
  }
  return links;
}

function isLatexEscape(text: string, i: number): boolean {
  return text[i] === '\\' && i + 1 < text.length && LATEX_ESCAPED.has(text[i + 1]!);
}

/** The run of non-stop characters starting at `start`, with LaTeX escapes undone. */
function readChunk(text: string, start: number): { chunk: string; end: number } {
  let chunk = '';
  let runStart = start;
  let i = start;
  while (i < text.length) {
    if (isLatexEscape(text, i)) {
      chunk += text.slice(runStart, i) + text[i + 1];
      i += 2;
      runStart = i;
      continue;
    }
    if (STOP.test(text[i]!)) break;
    i++;
  }
  return { chunk: chunk + text.slice(runStart, i), end: i };
}

/** Offsets in `chunk` where an http(s) URL starts. */
function schemeStarts(chunk: string): number[] {
  const starts: number[] = [];
  const re = /https?:\/\//gi;
  for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
    if (m.index === 0 || !URL_CONTINUATION.test(chunk[m.index - 1]!)) starts.push(m.index);
  }
  return starts;
}

function schemeUrl(candidate: string): string | undefined {
  const url = trimTrailing(candidate);
  const afterScheme = url.slice(url.indexOf('//') + 2);
  return isHost(hostOf(afterScheme), false) && url.length <= MAX_URL_LENGTH ? url : undefined;
}

function schemelessUrl(chunk: string): string | undefined {
  const url = trimTrailing(chunk.replace(LEADING_WRAP, ''));
  return isHost(hostOf(url), true) && url.length + 8 <= MAX_URL_LENGTH ? `https://${url}` : undefined;
}

/** The host part of `rest` (what follows `scheme://`): up to the first `/`, `?`, `#` or port. */
function hostOf(rest: string): string {
  let end = 0;
  while (end < rest.length && !'/?#:'.includes(rest[end]!)) end++;
  return rest.slice(0, end);
}

const LABEL = /^[\p{L}\p{N}-]+$/u;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A dotted host name with a letter-only top-level domain; scheme-less hosts also need a known lower-case TLD. */
function isHost(host: string, schemeless: boolean): boolean {
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return false;
  if (!schemeless && IPV4.test(host)) return true;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || !LABEL.test(label)) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
  }
  const tld = labels[labels.length - 1]!;
  if (schemeless) return SCHEMELESS_TLDS.has(tld);
  return /^\p{L}{2,63}$/u.test(tld);
}

/** Removes sentence punctuation and unmatched closing brackets from the end of a URL. */
function trimTrailing(url: string): string {
  const opens = { ')': 0, ']': 0 };
  const closes = { ')': 0, ']': 0 };
  for (const c of url) {
    if (c === '(') opens[')']++;
    else if (c === '[') opens[']']++;
    else if (c === ')') closes[')']++;
    else if (c === ']') closes[']']++;
  }
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1]!;
    if (TRAILING_PUNCT.has(c)) {
      end--;
    } else if ((c === ')' || c === ']') && closes[c] > opens[c]) {
      closes[c]--;
      end--;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/** What two links are compared by: no scheme, lower-case host, no trailing slash. */
function dedupKey(url: string): string {
  const rest = url.slice(url.indexOf('//') + 2);
  const host = hostOf(rest);
  let end = rest.length;
  while (end > host.length && rest[end - 1] === '/') end--; // a loop, not /\/+$/: that regex is quadratic on long runs of '/'
  return host.toLowerCase() + rest.slice(host.length, end);
}

// First path segments of GitHub/GitLab URLs that are site pages, not `owner/repo`.
const CODE_HOST_PAGES = new Set([
  'about', 'apps', 'collections', 'customer-stories', 'enterprise', 'events', 'explore', 'features',
  'join', 'login', 'marketplace', 'orgs', 'pricing', 'search', 'security', 'settings', 'signup',
  'site', 'sponsors', 'topics', 'trending', 'users',
]);
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'gitee.com']);

// Hugging Face pages that are not a model, dataset or space.
const HF_PAGES = new Set(['papers', 'docs', 'blog', 'learn', 'pricing', 'login', 'join', 'settings', 'chat', 'tasks']);
const HF_LISTINGS = new Set(['models', 'datasets', 'spaces']);
const MODELSCOPE_SECTIONS = new Set(['models', 'datasets', 'studios']);

// Static-site hosts: `<name>.<host>` is a project page.
const PROJECT_PAGE_SUFFIXES = ['.github.io', '.gitlab.io', '.pages.dev', '.netlify.app', '.vercel.app', '.readthedocs.io'];

// Hosts that are papers, documents, videos, social media or short links: never a project page.
const OTHER_HOSTS = [
  'arxiv.org', 'doi.org', 'aclanthology.org', 'openreview.net', 'semanticscholar.org', 'paperswithcode.com',
  'wikipedia.org', 'docs.google.com', 'drive.google.com', 'colab.research.google.com', 'dropbox.com',
  'youtube.com', 'youtu.be', 'vimeo.com', 'twitter.com', 'x.com', 'linkedin.com', 'reddit.com', 'medium.com',
  'discord.gg', 'discord.com', 'kaggle.com', 'zenodo.org', 'figshare.com',
  'aka.ms', 'bit.ly', 'tinyurl.com', 't.co', 'goo.gl',
];

/** The kind of a link, from its host and path. */
export function linkKind(url: string): LinkKind {
  const rest = url.slice(url.indexOf('//') + 2);
  const rawHost = hostOf(rest);
  const host = rawHost.toLowerCase().replace(/^www\./, '');
  const pathEnd = rest.search(/[?#]/);
  const path = rest.slice(rawHost.length, pathEnd === -1 ? rest.length : pathEnd);
  const segments = path.split('/').filter((s) => s.length > 0);
  const first = segments[0]?.toLowerCase();

  if (host === 'gist.github.com') return segments.length >= 1 ? 'code' : 'other';
  if (CODE_HOSTS.has(host) || host.startsWith('gitlab.')) {
    // github.com/owner is a profile, github.com/owner/repo[/…] is a repository.
    return segments.length >= 2 && !CODE_HOST_PAGES.has(first!) ? 'code' : 'other';
  }
  if (host === 'huggingface.co' || host === 'hf.co') {
    if (!first || HF_PAGES.has(first)) return 'other';
    if (HF_LISTINGS.has(first)) return segments.length >= 2 ? 'model' : 'other';
    return 'model'; // huggingface.co/<org>[/<model>]
  }
  if (host === 'modelscope.cn' || host === 'modelscope.com') {
    return first && MODELSCOPE_SECTIONS.has(first) && segments.length >= 2 ? 'model' : 'other';
  }
  if (PROJECT_PAGE_SUFFIXES.some((suffix) => host.endsWith(suffix))) return 'project';
  if (host === 'sites.google.com') return 'project';
  if (OTHER_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return 'other';
  if (IPV4.test(host) || !host.includes('.')) return 'other';
  return 'project'; // a project's own website (yiconghong.me/LRM/)
}
