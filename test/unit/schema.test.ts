// Schema upgrades: a database of every schema version PaperLens has shipped (frozen fixtures) is opened with today's
// openPaperLensDB, and every saved item must come out exactly as it was stored. And an upgrade that another (older)
// connection blocks must neither hang forever nor change anything.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DatabaseBlockedError, DB_VERSION, openPaperLensDB } from '../../utils/db';
import { createService } from '../../utils/service';
import { corpus, paper } from '../helpers/papers';
import { createFixtureDb, FIXTURES } from '../helpers/schema-fixtures';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const sortById = <T extends { paperId: string }>(a: T[]) => [...a].sort((x, y) => (x.paperId < y.paperId ? -1 : 1));

describe('schema upgrades', () => {
  it('has a frozen fixture for every schema version up to DB_VERSION', () => {
    for (let v = 1; v <= DB_VERSION; v++) expect(FIXTURES[v], `fixture for version ${v}`).toBeDefined();
  });

  for (const fixture of Object.values(FIXTURES)) {
    it(`a version ${fixture.version} database opens at version ${DB_VERSION} with every saved item, meta record and paper unchanged`, async () => {
      await createFixtureDb('paperlens', fixture);
      const db = await openPaperLensDB();
      try {
        expect(db.version).toBe(DB_VERSION);
        expect(sortById(await db.getAll('saved'))).toEqual(sortById(fixture.data.saved));
        // Byte for byte: the structured-clone of each stored value serialises identically.
        for (const item of fixture.data.saved) expect(JSON.stringify(await db.get('saved', item.paperId))).toBe(JSON.stringify(item));
        for (const [k, v] of fixture.data.meta) expect(await db.get('meta', k)).toEqual(v);
        expect(await db.getAll('papers')).toEqual(fixture.data.papers);
        // Today's indexes work on the old data.
        expect((await db.getAllFromIndex('saved', 'bySavedAt')).map((i) => i.paperId)).toEqual(
          [...fixture.data.saved].sort((a, b) => a.savedAt - b.savedAt).map((i) => i.paperId),
        );
        expect(await db.getKeyFromIndex('papers', 'byArxiv', '1706.03762')).toBe('1706.03762');
      } finally {
        db.close();
      }
    });
  }
});

describe('a blocked upgrade', () => {
  // DB_VERSION + 1 plays a future version; the connection at DB_VERSION plays an old page that does not close.
  const NEXT = DB_VERSION + 1;

  async function oldConnection(closeOnVersionChange: boolean) {
    await createFixtureDb('paperlens', FIXTURES[DB_VERSION]!);
    return openDB('paperlens', DB_VERSION, closeOnVersionChange ? { blocking: (_c, _b, e) => (e.target as IDBDatabase).close() } : {});
  }

  it('fails with a clear error after the timeout instead of hanging, and changes nothing', async () => {
    const old = await oldConnection(false);
    const blocked: [number, number][] = [];
    const started = Date.now();
    await expect(openPaperLensDB('paperlens', { version: NEXT, blockedTimeoutMs: 200, onBlocked: (a, b) => blocked.push([a, b]) })).rejects.toSatisfy(
      (e) => e instanceof DatabaseBlockedError && /another PaperLens page or window still has it open/.test((e as Error).message),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(blocked).toEqual([[DB_VERSION, NEXT]]);
    // The old connection still works and sees the data unchanged.
    expect(old.version).toBe(DB_VERSION);
    expect(sortById(await old.getAll('saved'))).toEqual(sortById(FIXTURES[DB_VERSION]!.data.saved));
    old.close();
    // Once it is closed, a new attempt upgrades, saved items intact.
    const db = await openPaperLensDB('paperlens', { version: NEXT, blockedTimeoutMs: 200 });
    expect(db.version).toBe(NEXT);
    expect(sortById(await db.getAll('saved'))).toEqual(sortById(FIXTURES[DB_VERSION]!.data.saved));
    db.close();
  });

  it('proceeds as soon as the other connection closes (within the timeout)', async () => {
    const old = await oldConnection(false);
    let sawBlocked = false;
    const opening = openPaperLensDB('paperlens', { version: NEXT, blockedTimeoutMs: 5_000, onBlocked: () => (sawBlocked = true) });
    await new Promise((r) => setTimeout(r, 50));
    expect(sawBlocked).toBe(true);
    old.close();
    const db = await opening;
    expect(db.version).toBe(NEXT);
    expect(sortById(await db.getAll('saved'))).toEqual(sortById(FIXTURES[DB_VERSION]!.data.saved));
    db.close();
  });

  it("a PaperLens connection gives way to a newer version (its blocking handler closes it): no block at all", async () => {
    await createFixtureDb('paperlens', FIXTURES[DB_VERSION]!);
    const current = await openPaperLensDB();
    let sawBlocked = false;
    const db = await openPaperLensDB('paperlens', { version: NEXT, blockedTimeoutMs: 5_000, onBlocked: () => (sawBlocked = true) });
    expect(sawBlocked).toBe(false);
    expect(db.version).toBe(NEXT);
    db.close();
    await expect(current.get('saved', 'x')).rejects.toThrow(); // closed
  });

  it('a late success after the timeout is closed again (no leaked connection that would block the next upgrade)', async () => {
    const old = await oldConnection(false);
    await expect(openPaperLensDB('paperlens', { version: NEXT, blockedTimeoutMs: 50 })).rejects.toBeInstanceOf(DatabaseBlockedError);
    old.close();
    await new Promise((r) => setTimeout(r, 50)); // the abandoned open completes now and must close itself
    const later = await openPaperLensDB('paperlens', { version: NEXT + 1, blockedTimeoutMs: 200 });
    expect(later.version).toBe(NEXT + 1);
    later.close();
  });
});

describe('the worker meeting a blocked upgrade', () => {
  it('answers requests with the clear error instead of hanging, and works once the old connection closes', async () => {
    await createFixtureDb('paperlens', FIXTURES[DB_VERSION]!);
    const old = await openDB('paperlens', DB_VERSION); // an old context that ignores versionchange
    const EXT = 'ext';
    const service = createService({
      extensionId: EXT,
      extensionOrigin: `chrome-extension://${EXT}/`,
      readBundledCorpus: async () => corpus([paper('1706.03762', 'Attention Is All You Need')], '0000000000000001'),
      broadcast: async () => {},
      openDb: () => openPaperLensDB('paperlens', { version: DB_VERSION + 1, blockedTimeoutMs: 100 }),
      log: () => {},
    });
    const page = { id: EXT, url: `chrome-extension://${EXT}/options.html` };
    expect(await service.handle({ type: 'listSaved' }, page)).toEqual({ ok: false, error: expect.stringMatching(/another PaperLens page or window still has it open/) });
    old.close();
    const res = await service.handle({ type: 'listSaved' }, page);
    expect(res).toMatchObject({ ok: true });
    expect(sortById((res as { items: { paperId: string }[] }).items)).toEqual(sortById(FIXTURES[DB_VERSION]!.data.saved));
  }, 20_000);
});
