// The popup's Saved view as pure functions: search, topic filter, sort, topic counts and the count line.
// No browser APIs: unit-tested in Node. Cost is linear in the library size per query; the search text of each
// item is built once per item object (WeakMap), so typing in the search box does not rebuild it.
import { topicLabel } from './core/taxonomy';
import { displayHost } from './core/url';
import type { SavedItem } from './messages';

export type SavedSort = 'saved-desc' | 'saved-asc' | 'year-desc' | 'title';

export const SORTS: readonly { id: SavedSort; label: string }[] = [
  { id: 'saved-desc', label: 'Saved: newest first' },
  { id: 'saved-asc', label: 'Saved: oldest first' },
  { id: 'year-desc', label: 'Year: newest first' },
  { id: 'title', label: 'Title: A to Z' },
];

export function parseSort(v: unknown): SavedSort {
  return SORTS.some((s) => s.id === v) ? (v as SavedSort) : 'saved-desc';
}

export interface SavedQuery {
  /** Free text: every word must occur in the title, a topic label, a link host or the note. */
  text: string;
  /** Topic ids: an item passes when it has any of them. Empty: no topic filter. */
  topics: readonly string[];
  sort: SavedSort;
}

export interface TopicCount {
  id: string;
  label: string;
  count: number;
}

/** Lower case, accents removed, runs of whitespace collapsed. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const haystacks = new WeakMap<SavedItem, string>();

/** The folded text an item is searched in: title, topic ids and labels, link hosts, note. */
export function searchText(item: SavedItem): string {
  let text = haystacks.get(item);
  if (text === undefined) {
    const p = item.paper;
    text = fold(
      [
        p.title,
        ...p.topics.flatMap((t) => [t.id, topicLabel(t.id)]),
        ...p.links.map((l) => displayHost(l.url)),
        p.arxivId ?? '',
        item.note ?? '',
      ].join('\n'),
    );
    haystacks.set(item, text);
  }
  return text;
}

export function matchesText(item: SavedItem, words: readonly string[]): boolean {
  if (!words.length) return true;
  const hay = searchText(item);
  return words.every((w) => hay.includes(w));
}

function queryWords(text: string): string[] {
  return fold(text).split(' ').filter(Boolean);
}

const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(sort: SavedSort): (a: SavedItem, b: SavedItem) => number {
  const newest = (a: SavedItem, b: SavedItem) => b.savedAt - a.savedAt || byTitle.compare(a.paper.title, b.paper.title);
  switch (sort) {
    case 'saved-asc':
      return (a, b) => a.savedAt - b.savedAt || byTitle.compare(a.paper.title, b.paper.title);
    case 'year-desc':
      // Papers without a year go last.
      return (a, b) => (b.paper.year ?? -Infinity) - (a.paper.year ?? -Infinity) || newest(a, b);
    case 'title':
      return (a, b) => byTitle.compare(a.paper.title, b.paper.title) || newest(a, b);
    default:
      return newest;
  }
}

/** The items the query selects, in its order (a new array; `items` is not changed). */
export function querySaved(items: readonly SavedItem[], q: SavedQuery): SavedItem[] {
  const words = queryWords(q.text);
  const topics = new Set(q.topics);
  const out = items.filter((it) => matchesText(it, words) && (topics.size === 0 || it.paper.topics.some((t) => topics.has(t.id))));
  const cmp = compare(q.sort);
  return out.sort((a, b) => cmp(a, b) || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0));
}

/**
 * Every topic present in the library, with how many items matching the search text have it (the topic filter
 * itself does not change the counts, so a chip says what choosing it adds). Most frequent first, then by label.
 */
export function topicCounts(items: readonly SavedItem[], text = ''): TopicCount[] {
  const words = queryWords(text);
  const counts = new Map<string, number>();
  for (const it of items) {
    const hit = matchesText(it, words);
    for (const t of it.paper.topics) counts.set(t.id, (counts.get(t.id) ?? 0) + (hit ? 1 : 0));
  }
  return [...counts]
    .map(([id, count]) => ({ id, label: topicLabel(id), count }))
    .sort((a, b) => b.count - a.count || byTitle.compare(a.label, b.label));
}

/** "12 of 340 saved papers", "All 340 saved papers", "1 saved paper". */
export function countLine(shown: number, total: number): string {
  const noun = total === 1 ? 'saved paper' : 'saved papers';
  const n = (x: number) => x.toLocaleString('en');
  if (shown === total) return total <= 1 ? `${n(total)} ${noun}` : `All ${n(total)} ${noun}`;
  return `${n(shown)} of ${n(total)} ${noun}`;
}

/** Index of the row to show after a key press in a list of `count` rows, or null when the key does not move. */
export function nextIndex(key: string, current: number, count: number, page = 5): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const at = Math.min(Math.max(current, 0), last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(at + 1, last);
    case 'ArrowUp':
      return Math.max(at - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(at + page, last);
    case 'PageUp':
      return Math.max(at - page, 0);
    default:
      return null;
  }
}

/** First and last (exclusive) row to render for a fixed-row-height list scrolled to `scrollTop`. */
export function windowRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 4): { start: number; end: number } {
  const visible = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
  // A scroll position past the end (the list just got shorter) shows the last rows, never an empty window.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, count - visible));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}
