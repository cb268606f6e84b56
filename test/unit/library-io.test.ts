// importLibrary / clearLibrary through the background service (fake-indexeddb, the real db code): merging
// without duplicates, keeping existing data, filling missing notes, all-or-nothing on a broken file, and the
// libraryChanged push that makes open tabs re-read their saved marks.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { toLibraryJson } from '../../utils/core/export';
import { openPaperLensDB } from '../../utils/db';
import { clearSaved } from '../../utils/library-io';
import type { LibraryChanged, SavedChanged, SavedItem } from '../../utils/messages';
import { createService, type Sender } from '../../utils/service';
import { corpus, paper } from '../helpers/papers';

const EXT = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const options: Sender = { id: EXT, url: `${ORIGIN}options.html` };
const contentScript: Sender = { id: EXT, url: 'https://arxiv.org/list/cs.CL/recent', tab: { id: 3 } };
const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');
const C = paper('2401.00001', 'A Third Paper');
const NOW = Date.UTC(2026, 10, 26);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

async function setup() {
  const pushed: (SavedChanged | LibraryChanged)[] = [];
  const service = createService({
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    readBundledCorpus: async () => structuredClone(corpus([A, B, C], '0000000000000001')),
    broadcast: async (m) => void pushed.push(m),
    log: () => {},
  });
  await service.ensureCorpus();
  return { service, pushed };
}

async function listSaved(service: Awaited<ReturnType<typeof setup>>['service']): Promise<SavedItem[]> {
  const res = await service.handle({ type: 'listSaved' }, options);
  if (!res.ok) throw new Error(res.error);
  return (res as { items: SavedItem[] }).items;
}

const snap = (p: typeof A, savedAt: number, note?: string): SavedItem => {
  const { abstract: _a, ...rest } = p;
  void _a;
  return { paperId: p.id, savedAt, paper: rest, ...(note ? { note } : {}) };
};

describe('importLibrary', () => {
  it('adds papers not saved, keeps saved ones as they are, fills a missing note, and reports the counts', async () => {
    const { service, pushed } = await setup();
    await service.handle({ type: 'save', paperId: A.id }, options);
    const before = await listSaved(service);
    pushed.length = 0;
    // The file has A (older date, other title snapshot, a note), B (new, with a note) and a paper not in the corpus.
    const gone = { paperId: 't:00000000000000ff', savedAt: 1000, paper: { id: 't:00000000000000ff', title: 'Dropped From The Corpus', topics: [], links: [] } };
    const file = toLibraryJson([{ ...snap(A, 5, 'from the file'), paper: { ...snap(A, 5).paper, title: 'Old title' } }, snap(B, 2000, 'B note'), gone], NOW);
    const res = await service.handle({ type: 'importLibrary', name: 'lib.json', text: file }, options);
    expect(res).toEqual({ ok: true, added: 2, kept: 1, notesAdded: 1 });
    const after = await listSaved(service);
    expect(after).toEqual([{ ...before[0], note: 'from the file' }, snap(B, 2000, 'B note'), gone]);
    expect(pushed).toEqual([{ type: 'libraryChanged' }]);
    // The paper that is no longer in the corpus is still a saved item and shows as saved on lookup of others.
    expect(await service.handle({ type: 'lookup', entries: [{ arxivId: B.id }] }, contentScript)).toMatchObject({ results: [{ saved: true }] });
  });

  it('importing the same file again adds nothing and pushes nothing; an existing note is never overwritten', async () => {
    const { service, pushed } = await setup();
    const file = toLibraryJson([snap(A, 10, 'first'), snap(B, 20)], NOW);
    expect(await service.handle({ type: 'importLibrary', name: 'a.json', text: file }, options)).toEqual({ ok: true, added: 2, kept: 0, notesAdded: 0 });
    const once = await listSaved(service);
    pushed.length = 0;
    expect(await service.handle({ type: 'importLibrary', name: 'a.json', text: file }, options)).toEqual({ ok: true, added: 0, kept: 2, notesAdded: 0 });
    const other = toLibraryJson([snap(A, 10, 'second')], NOW);
    expect(await service.handle({ type: 'importLibrary', name: 'b.json', text: other }, options)).toEqual({ ok: true, added: 0, kept: 1, notesAdded: 0 });
    expect(await listSaved(service)).toEqual(once);
    expect(pushed).toEqual([]);
  });

  it('export → clear → import gives back the identical library', async () => {
    const { service } = await setup();
    for (const p of [A, B, C]) await service.handle({ type: 'save', paperId: p.id }, options);
    const before = await listSaved(service);
    const text = toLibraryJson(before, NOW);
    expect(await service.handle({ type: 'clearLibrary' }, options)).toEqual({ ok: true, removed: 3 });
    expect(await listSaved(service)).toEqual([]);
    expect(await service.handle({ type: 'importLibrary', name: 'x.json', text }, options)).toEqual({ ok: true, added: 3, kept: 0, notesAdded: 0 });
    expect(await listSaved(service)).toEqual(before);
  });

  it('a broken file changes nothing and says what is wrong', async () => {
    const { service, pushed } = await setup();
    await service.handle({ type: 'save', paperId: C.id }, options);
    const before = await listSaved(service);
    pushed.length = 0;
    const good = JSON.parse(toLibraryJson([snap(A, 1), snap(B, 2)], NOW));
    const broken: [string, RegExp][] = [
      ['{"format":', /broken\.json: this is not a JSON file/],
      [JSON.stringify({ ...good, version: 3 }), /version 3, made by a newer PaperLens/],
      // The first item is fine, the second is not: the first must not be written either.
      [JSON.stringify({ ...good, items: [good.items[0], { ...good.items[1], savedAt: -5 }] }), /items\[1\]\.savedAt/],
      [JSON.stringify({ format: 'paperlens-corpus', formatVersion: 1, papers: [] }), /corpus file/],
    ];
    for (const [text, error] of broken) {
      const res = await service.handle({ type: 'importLibrary', name: 'broken.json', text }, options);
      expect(res).toMatchObject({ ok: false, error });
    }
    expect(await listSaved(service)).toEqual(before);
    expect(pushed).toEqual([]);
  });

  it('is refused from content scripts and with malformed requests', async () => {
    const { service } = await setup();
    const text = toLibraryJson([snap(A, 1)], NOW);
    expect(await service.handle({ type: 'importLibrary', name: 'x.json', text }, contentScript)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    expect(await service.handle({ type: 'clearLibrary' }, contentScript)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    for (const bad of [{ type: 'importLibrary', text }, { type: 'importLibrary', name: '', text }, { type: 'importLibrary', name: 'x', text: 5 }, { type: 'importLibrary', name: 'x'.repeat(301), text }]) {
      expect(await service.handle(bad, options)).toMatchObject({ ok: false, error: /importLibrary\.(name|text)/ });
    }
    expect(await listSaved(service)).toEqual([]);
  });
});

describe('clearLibrary', () => {
  it('removes every saved item in one go, pushes once, and an empty library pushes nothing', async () => {
    const { service, pushed } = await setup();
    for (const p of [A, B]) await service.handle({ type: 'save', paperId: p.id }, options);
    pushed.length = 0;
    expect(await service.handle({ type: 'clearLibrary' }, options)).toEqual({ ok: true, removed: 2 });
    expect(pushed).toEqual([{ type: 'libraryChanged' }]);
    expect(await service.handle({ type: 'status' }, options)).toMatchObject({ savedCount: 0, paperCount: 3 });
    expect(await service.handle({ type: 'clearLibrary' }, options)).toEqual({ ok: true, removed: 0 });
    expect(pushed).toHaveLength(1);
    expect(await clearSaved(await openPaperLensDB())).toBe(0);
  });
});
