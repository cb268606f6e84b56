// Registry of site adapters. One file per site in utils/sites/<id>.ts; add new adapters here
// (test/unit/sites/conventions.test.ts checks that every adapter file is registered and tested).

import { aclanthology } from './aclanthology';
import { alphaxiv } from './alphaxiv';
import { arxiv } from './arxiv';
import { cvf } from './cvf';
import { dblp } from './dblp';
import { generic } from './generic';
import { huggingface } from './huggingface';
import { neurips } from './neurips';
import { openreview } from './openreview';
import { pmlr } from './pmlr';
import { scholar } from './scholar';
import { semanticscholar } from './semanticscholar';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [
  huggingface, arxiv, scholar, semanticscholar, openreview, aclanthology, dblp, neurips, pmlr, cvf, alphaxiv,
  // Fallback: claims every http(s) page, so it must stay last (adapterFor returns the first claimer).
  generic,
];

/** The adapter that handles this page, if any. A throwing predicate counts as "no". */
export function adapterFor(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((adapter) => {
    try {
      return adapter.claims(url);
    } catch {
      return false;
    }
  });
}

/**
 * The site adapter for this page, never the generic fallback. The content script uses this on the
 * pages the manifest injects it into: where a site adapter declines (e.g. huggingface.co/papers/submit)
 * nothing should run. The fallback is only for pages the user enabled explicitly.
 */
export function siteAdapterFor(url: URL): SiteAdapter | undefined {
  const adapter = adapterFor(url);
  // By identity, not by its empty `matches`: the content script's build drops every adapter's match patterns.
  return adapter === generic ? undefined : adapter;
}

/**
 * Union of the adapters' match patterns, for the content script's manifest `matches`. Marked pure so a bundle
 * that does not use it (the content script's own: its manifest entry is built from the sources) leaves it out.
 */
export const CONTENT_MATCHES: string[] = /* @__PURE__ */ matchPatterns(ADAPTERS);

function matchPatterns(adapters: readonly SiteAdapter[]): string[] {
  return [...new Set(adapters.flatMap((adapter) => adapter.matches))];
}
