// Which URLs may become clickable links. Corpus and page text is untrusted: only absolute
// https: URLs without embedded credentials pass; javascript:, data:, http: and relative URLs do not.

/** The normalised href when `url` is a safe https link, else undefined. */
export function safeHttpsUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !parsed.hostname) return undefined;
  return parsed.href;
}

/** Host without `www.`, for short link labels ("github.com"). */
export function displayHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Where "open paper" goes: the arXiv abstract page when the id is known. */
export function paperUrl(paper: { arxivId?: string }): string | undefined {
  return paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : undefined;
}
