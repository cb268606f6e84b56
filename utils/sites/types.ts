import type { EntryKeys } from '../core/types';

/** One paper entry found on a page. `anchor` is the title element: the badge host goes right after it. */
export interface FoundEntry extends EntryKeys {
  anchor: Element;
  /** Abstract text when the page shows it (arXiv abs pages, listings with abstracts, HF paper pages). */
  abstract?: string;
}

/**
 * A site adapter: pure functions of the URL and the DOM. No messaging, storage or rendering.
 * Its `id` is its file name (utils/sites/<id>.ts) and is used in logs, options and `data-site`.
 */
export interface SiteAdapter {
  id: string;
  /** Human-readable site name for the popup and options. */
  name: string;
  /** Manifest match patterns of the pages this adapter can claim (content script `matches`). */
  matches: string[];
  /** Real URLs of pages this adapter claims; a table test checks it claims them and no other adapter does. */
  testUrls: string[];
  /** Pure URL predicate: does this adapter handle the page? (Finer than `matches`.) */
  claims(url: URL): boolean;
  /** Paper entries in document order. Never throws on malformed pages: returns what it can. */
  findEntries(root: ParentNode, url: URL): FoundEntry[];
}
