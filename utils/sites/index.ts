// Registry of site adapters. One file per site in utils/sites/<id>.ts; add new adapters here
// (test/unit/sites/conventions.test.ts checks that every adapter file is registered and tested).

import { arxiv } from './arxiv';
import { huggingface } from './huggingface';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [huggingface, arxiv];

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

/** Union of the adapters' match patterns, for the content script's manifest `matches`. */
export const CONTENT_MATCHES: string[] = [...new Set(ADAPTERS.flatMap((adapter) => adapter.matches))];
