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
  /**
   * The same entries one at a time, for adapters of pages with thousands of rows (arXiv listings): the content
   * script takes them in time slices and looks each slice up as soon as it is read, so no scan is one long
   * task and the first badges wait only for the first slice. May throw part-way (the entries read so far count).
   * `entries` and `findEntries` are called as plain functions: they must not use `this`.
   */
  entries?(root: ParentNode, url: URL): Iterable<FoundEntry>;
}
