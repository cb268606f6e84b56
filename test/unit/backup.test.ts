// The storage.local backup of the saved library (utils/backup.ts) driven through the real service with
// fake-indexeddb and WXT's fake browser storage: mirrored on every change, restored by hand (merge, never
// delete) and automatically when the database comes back empty.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BACKUP_ITEM_PREFIX, BACKUP_META_KEY, readBackup } from '../../utils/backup';
import { toLibraryJson } from '../../utils/core/export';
import { openPaperLensDB, type PaperLensDB } from '../../utils/db';
import type { LibraryChanged, SavedChanged, SavedItem } from '../../utils/messages';
import { createService, type Sender } from '../../utils/service';
import { corpus, paper } from '../helpers/papers';

const EXT = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const page: Sender = { id: EXT, url: `${ORIGIN}options.html` };
const tab: Sender = { id: EXT, url: 'https://arxiv.org/list/cs.CL/recent', tab: { id: 3 } };
const PAPERS = Array.from({ length: 12 }, (_, i) => paper(`2401.${String(10000 + i)}`, `Paper number ${i} about retrieval`));

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
});

function setup() {
  const pushed: (SavedChanged | LibraryChanged)[] = [];
  const logged: unknown[][] = [];
  const service = createService({
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    readBundledCorpus: async () => structuredClone(corpus(PAPERS, '0000000000000001')),
    broadcast: async (m) => void pushed.push(m),
    backup: true,
    log: (...a) => void logged.push(a),
  });
  return { service, pushed, logged };
}

async function ok<T>(p: Promise<unknown>): Promise<T> {
  const res = (await p) as { ok: boolean; error?: string };
  if (!res.ok) throw new Error(res.error);
  return res as T;
}

async function dbSaved(): Promise<SavedItem[]> {
  const db = await openPaperLensDB();
  try {
    return (await db.getAll('saved')).sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
  } finally {
    db.close();
  }
}
async function backupSaved(): Promise<SavedItem[]> {
  return (await readBackup()).items.sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
}

describe('backup of the saved library', () => {
  it('mirrors every save and unsave, one storage key per item', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    for (const p of PAPERS.slice(0, 5)) await ok(service.handle({ type: 'save', paperId: p.id }, tab));
    await ok(service.handle({ type: 'unsave', paperId: PAPERS[1]!.id }, tab));
    const db = await dbSaved();
    expect(db.map((i) => i.paperId)).toEqual([0, 2, 3, 4].map((n) => PAPERS[n]!.id));
    expect(await backupSaved()).toEqual(db);
    const keys = Object.keys(await fakeBrowser.storage.local.get(null)).sort();
    expect(keys).toEqual([BACKUP_META_KEY, ...db.map((i) => `${BACKUP_ITEM_PREFIX}${i.paperId}`)].sort());
    const status = await ok<{ count: number; writtenAt: number }>(service.handle({ type: 'backupStatus' }, page));
    expect(status).toMatchObject({ count: 4, autoRestored: null, lastError: null });
    expect(Date.now() - status.writtenAt).toBeLessThan(60_000);
  });

  it('follows the whole-library requests: notes, a library import, and a clear (which must not come back at the next start)', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    for (const p of PAPERS.slice(0, 3)) await ok(service.handle({ type: 'save', paperId: p.id }, tab));
    await ok(service.handle({ type: 'setNote', paperId: PAPERS[0]!.id, note: 'read §3 first' }, page));
    expect((await backupSaved()).find((i) => i.paperId === PAPERS[0]!.id)?.note).toBe('read §3 first');

    // An export of the library, cleared, then imported again: the backup holds the imported items.
    const exported = toLibraryJson(await dbSaved(), 0);
    expect(await ok(service.handle({ type: 'clearLibrary' }, page))).toMatchObject({ removed: 3 });
    expect(await dbSaved()).toEqual([]);
    expect(await backupSaved()).toEqual([]);

    // A new worker on the cleared database restores nothing: the reader asked for an empty library.
    const again = setup().service;
    expect(await ok(again.handle({ type: 'listSaved' }, page))).toMatchObject({ items: [] });

    expect(await ok(again.handle({ type: 'importLibrary', name: 'lib.json', text: exported }, page))).toMatchObject({ added: 3 });
    expect((await dbSaved()).length).toBe(3);
    expect(await backupSaved()).toEqual(await dbSaved());
  });

  it('concurrent saves and unsaves of the same papers end with the backup equal to the database', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    // 200 operations over 6 papers, all in flight at once, in a fixed pseudo-random order.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ops = Array.from({ length: 200 }, () => ({ type: rnd() < 0.6 ? 'save' : 'unsave', paperId: PAPERS[Math.floor(rnd() * 6)]!.id }));
    const results = await Promise.all(ops.map((op) => service.handle(op, tab)));
    expect(results.every((r) => r.ok)).toBe(true);
    // Requests are applied in the order they were issued: the last operation on each paper decides.
    const last = new Map(ops.map((o) => [o.paperId, o.type]));
    const expected = [...last].filter(([, t]) => t === 'save').map(([id]) => id).sort();
    expect((await dbSaved()).map((i) => i.paperId)).toEqual(expected);
    expect(await backupSaved()).toEqual(await dbSaved());
  });

  it('restore merges back only what the database lacks: nothing deleted, nothing overwritten', async () => {
    const { service, pushed } = setup();
    await service.ensureCorpus();
    for (const p of PAPERS.slice(0, 4)) await ok(service.handle({ type: 'save', paperId: p.id }, tab));
    const before = await dbSaved();
    // The database loses two items behind the service's back; a third item exists only in the database.
    const db = await openPaperLensDB();
    await db.delete('saved', PAPERS[0]!.id);
    await db.delete('saved', PAPERS[2]!.id);
    const onlyInDb: SavedItem = { paperId: PAPERS[9]!.id, savedAt: 5, paper: { id: PAPERS[9]!.id, title: 'kept as is', topics: [], links: [] } };
    await db.put('saved', onlyInDb);
    // And an item still in both is changed in the database (e.g. a note): the restore must not overwrite it.
    const changed = { ...before[1]!, note: 'my note' };
    await db.put('saved', changed);
    db.close();
    pushed.length = 0;

    const res = await ok(service.handle({ type: 'restoreBackup' }, page));
    expect(res).toEqual({ ok: true, restored: 2, alreadySaved: 2, invalid: 0 });
    expect(pushed.map((m) => (m.type === 'savedChanged' ? m.paperId : m.type)).sort()).toEqual([PAPERS[0]!.id, PAPERS[2]!.id].sort());
    const after = await dbSaved();
    expect(after).toEqual([before[0], changed, before[2], before[3], onlyInDb].sort((a, b) => (a!.paperId < b!.paperId ? -1 : 1)));
    // A second restore finds nothing to do.
    expect(await ok(service.handle({ type: 'restoreBackup' }, page))).toEqual({ ok: true, restored: 0, alreadySaved: 4, invalid: 0 });
  });

  it('restores automatically when the database is found empty at start, and says so', async () => {
    const first = setup();
    await first.service.ensureCorpus();
    for (const p of PAPERS.slice(0, 3)) await ok(first.service.handle({ type: 'save', paperId: p.id }, tab));
    const before = await dbSaved();

    // The database is gone (a new IDBFactory is an empty browser profile for IndexedDB); storage.local is not.
    globalThis.indexedDB = new IDBFactory();
    const second = setup(); // a new worker
    const status = await ok<{ savedCount: number }>(second.service.handle({ type: 'status' }, page));
    expect(status.savedCount).toBe(3);
    expect(await dbSaved()).toEqual(before);
    const b = await ok<{ autoRestored: { count: number; at: number } }>(second.service.handle({ type: 'backupStatus' }, page));
    expect(b.autoRestored.count).toBe(3);
    expect(second.logged.some((l) => String(l[0]).includes('3 saved papers restored'))).toBe(true);
  });

  it('an empty database and an empty backup: nothing restored, nothing recorded', async () => {
    const { service } = setup();
    expect(await ok(service.handle({ type: 'status' }, page))).toMatchObject({ savedCount: 0 });
    expect(await ok(service.handle({ type: 'backupStatus' }, page))).toMatchObject({ count: 0, writtenAt: null, autoRestored: null });
  });

  it('a library saved before the backup existed is copied into it at start', async () => {
    const db: PaperLensDB = await openPaperLensDB();
    const items: SavedItem[] = PAPERS.slice(0, 3).map((p, i) => ({ paperId: p.id, savedAt: 1000 + i, paper: { id: p.id, title: p.title, topics: [], links: [] } }));
    for (const i of items) await db.put('saved', i);
    db.close();
    const { service } = setup();
    await ok(service.handle({ type: 'status' }, page));
    expect(await backupSaved()).toEqual(items);
  });

  it('ignores backup entries that are not saved items (restores the valid ones)', async () => {
    const good: SavedItem = { paperId: PAPERS[0]!.id, savedAt: 1, paper: { id: PAPERS[0]!.id, title: 't', topics: [], links: [] } };
    await fakeBrowser.storage.local.set({
      [`${BACKUP_ITEM_PREFIX}${good.paperId}`]: good,
      [`${BACKUP_ITEM_PREFIX}x`]: { paperId: 'y', savedAt: 1, paper: { id: 'y', title: 't' } }, // key and id disagree
      [`${BACKUP_ITEM_PREFIX}z`]: 'junk',
      [`${BACKUP_ITEM_PREFIX}w`]: { paperId: 'w', savedAt: 'yesterday', paper: { id: 'w', title: 't' } },
    });
    const { service } = setup();
    // The database is empty: the start restores the one valid item by itself.
    expect(await ok(service.handle({ type: 'backupStatus' }, page))).toMatchObject({ count: 1, autoRestored: { count: 1 } });
    expect(await dbSaved()).toEqual([good]);
    expect(await ok(service.handle({ type: 'restoreBackup' }, page))).toEqual({ ok: true, restored: 0, alreadySaved: 1, invalid: 3 });
    expect(await dbSaved()).toEqual([good]);
  });

  it('a failing backup write does not fail the save, and is reported in backupStatus', async () => {
    const { service, logged } = setup();
    await service.ensureCorpus();
    const realSet = fakeBrowser.storage.local.set;
    fakeBrowser.storage.local.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    try {
      expect(await service.handle({ type: 'save', paperId: PAPERS[0]!.id }, tab)).toMatchObject({ ok: true });
    } finally {
      fakeBrowser.storage.local.set = realSet;
    }
    expect((await dbSaved()).map((i) => i.paperId)).toEqual([PAPERS[0]!.id]);
    expect(await ok(service.handle({ type: 'backupStatus' }, page))).toMatchObject({ count: 0, lastError: /QUOTA_BYTES/ });
    expect(logged.some((l) => String(l[0]).includes('backup write failed'))).toBe(true);
    // The next change writes again (and clears the error).
    await ok(service.handle({ type: 'save', paperId: PAPERS[1]!.id }, tab));
    expect(await ok(service.handle({ type: 'backupStatus' }, page))).toMatchObject({ count: 1, lastError: null });
  });

  it('backupStatus and restoreBackup are refused from content scripts', async () => {
    const { service } = setup();
    for (const type of ['backupStatus', 'restoreBackup']) {
      expect(await service.handle({ type }, tab)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    }
  });
});
