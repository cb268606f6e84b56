// Whole-library operations on the saved store (background only, like utils/db.ts): merging a JSON library
// export and clearing. Each runs in ONE readwrite transaction, so a failure (or a worker stopped midway)
// changes nothing. Export itself needs no database code: the options page formats `listSaved`.
import { LibraryImportError, parseLibraryExport, type LibraryItem } from './core/export';
import type { PaperLensDB } from './db';
import { REMOVED_KEY } from './library';
import type { Failure, LibraryImportResult, SavedItem } from './messages';

/**
 * Merges items into the saved library. A paper not saved yet is added with the item's date, note and
 * snapshot; a paper already saved keeps its own data, except that a missing note is filled from the item.
 * Returns the counts.
 */
export async function mergeSaved(db: PaperLensDB, items: readonly LibraryItem[], changed: string[] = []): Promise<LibraryImportResult> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = new Set(await tx.store.getAllKeys());
  let added = 0;
  let kept = 0;
  let notesAdded = 0;
  const writes: Promise<unknown>[] = [];
  for (const item of items) {
    if (!existing.has(item.paperId)) {
      added++;
      changed.push(item.paperId);
      writes.push(tx.store.put(item as SavedItem));
      continue;
    }
    kept++;
    if (!item.note) continue;
    writes.push(
      tx.store.get(item.paperId).then((old) => {
        if (old && !old.note) {
          notesAdded++;
          changed.push(item.paperId);
          return tx.store.put({ ...old, note: item.note });
        }
        return undefined;
      }),
    );
  }
  await Promise.all(writes);
  await tx.done;
  return { added, kept, notesAdded };
}

/** Removes every saved item, and the popup's undo list with them (it holds removed items and their notes). */
export async function clearSaved(db: PaperLensDB): Promise<number> {
  const tx = db.transaction(['saved', 'meta'], 'readwrite');
  const n = await tx.objectStore('saved').count();
  await tx.objectStore('saved').clear();
  await tx.objectStore('meta').delete(REMOVED_KEY);
  await tx.done;
  return n;
}

/** The `importLibrary` request: parse strictly (a broken file changes nothing and says why), then merge. */
export async function importLibrary(
  db: PaperLensDB,
  name: string,
  text: string,
  changed: string[] = [],
): Promise<({ ok: true } & LibraryImportResult) | Failure> {
  let items: LibraryItem[];
  try {
    items = parseLibraryExport(text).items;
  } catch (e) {
    if (e instanceof LibraryImportError) return { ok: false, error: `${name}: ${e.message}` };
    throw e;
  }
  return { ok: true, ...(await mergeSaved(db, items, changed)) };
}
