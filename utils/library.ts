// Saved-library edits behind the popup's Saved view: notes, and remove with undo. Background only (it owns
// IndexedDB). Undo must survive a service-worker stop between "Remove" and "Undo", so the removed item is kept
// in the `meta` store (not in memory) for a short while: restoring puts back exactly what was removed (original
// savedAt, note and paper snapshot, even when the paper has since left the corpus).
import type { PaperLensDB } from './db';
import { LIMITS, type SavedItem } from './messages';

/** The `meta` record of recently removed items (the popup's Undo). */
export const REMOVED_KEY = 'recentlyRemoved';
/** How many removed items can still be restored, and for how long. */
export const UNDO_KEEP = 20;
export const UNDO_MAX_AGE_MS = 60 * 60 * 1000;

interface Removed {
  item: SavedItem;
  removedAt: number;
}

function recent(v: unknown, now: number): Removed[] {
  if (!Array.isArray(v)) return [];
  return (v as Removed[]).filter((r) => r && typeof r.removedAt === 'number' && now - r.removedAt < UNDO_MAX_AGE_MS && r.item?.paperId);
}

/** Removes a saved item and remembers it for `restoreSaved`. Returns whether it was saved. One transaction. */
export async function removeSaved(db: PaperLensDB, paperId: string, now = Date.now()): Promise<boolean> {
  const tx = db.transaction(['saved', 'meta'], 'readwrite');
  const item = await tx.objectStore('saved').get(paperId);
  if (item) {
    await tx.objectStore('saved').delete(paperId);
    const kept = recent(await tx.objectStore('meta').get(REMOVED_KEY), now).filter((r) => r.item.paperId !== paperId);
    await tx.objectStore('meta').put([{ item, removedAt: now }, ...kept].slice(0, UNDO_KEEP), REMOVED_KEY);
  }
  await tx.done;
  return item !== undefined;
}

/**
 * Puts a recently removed item back unchanged. When the paper was saved again in the meantime, that newer item
 * stays (and is returned). Throws when there is nothing to restore for this id.
 */
export async function restoreSaved(db: PaperLensDB, paperId: string, now = Date.now()): Promise<SavedItem> {
  const tx = db.transaction(['saved', 'meta'], 'readwrite');
  const removed = recent(await tx.objectStore('meta').get(REMOVED_KEY), now);
  const hit = removed.find((r) => r.item.paperId === paperId);
  const existing = await tx.objectStore('saved').get(paperId);
  if (!hit && !existing) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new Error('nothing to undo: this paper was not removed recently');
  }
  if (hit) await tx.objectStore('meta').put(removed.filter((r) => r !== hit), REMOVED_KEY);
  const item = existing ?? hit!.item;
  if (!existing) await tx.objectStore('saved').put(item);
  await tx.done;
  return item;
}

/** Sets the note of a saved item (blank removes it); touches nothing else of the item. Throws when not saved. */
export async function setNote(db: PaperLensDB, paperId: string, note: string): Promise<SavedItem> {
  if (note.length > LIMITS.note) throw new Error(`the note is longer than ${LIMITS.note} characters`);
  const tx = db.transaction('saved', 'readwrite');
  const item = await tx.store.get(paperId);
  if (!item) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new Error('this paper is not in your saved library');
  }
  const { note: _old, ...rest } = item;
  void _old;
  const next: SavedItem = note.trim() ? { ...rest, note } : rest;
  await tx.store.put(next);
  await tx.done;
  return next;
}
