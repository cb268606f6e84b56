import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { listSaved, loadCorpus, openPaperLensDB, savePaper } from '../../utils/db';
import { removeSaved, restoreSaved, setNote, UNDO_KEEP, UNDO_MAX_AGE_MS } from '../../utils/library';
import { LIMITS, parseRequest, PAGE_ONLY } from '../../utils/messages';
import { corpus, paper } from '../helpers/papers';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');

async function setup() {
  const db = await openPaperLensDB();
  await loadCorpus(db, corpus([A, B]));
  return db;
}

describe('notes', () => {
  it('sets, replaces and (blank) removes the note, touching nothing else', async () => {
    const db = await setup();
    const saved = await savePaper(db, A.id, 1000);
    expect(await setNote(db, A.id, 'first <b>not html</b>')).toEqual({ ...saved, note: 'first <b>not html</b>' });
    await setNote(db, A.id, 'second\nline');
    expect(await listSaved(db)).toEqual([{ ...saved, note: 'second\nline' }]);
    await setNote(db, A.id, '   ');
    expect(await listSaved(db)).toEqual([saved]);
    expect((await listSaved(db))[0]).not.toHaveProperty('note');
  });

  it('refuses an unsaved paper and an over-long note, and changes nothing', async () => {
    const db = await setup();
    await expect(setNote(db, B.id, 'x')).rejects.toThrow(/not in your saved library/);
    expect(await listSaved(db)).toEqual([]);
    const saved = await savePaper(db, A.id, 5);
    await expect(setNote(db, A.id, 'x'.repeat(LIMITS.note + 1))).rejects.toThrow(/longer than/);
    expect(await listSaved(db)).toEqual([saved]);
  });

  it('setNote and restoreSaved are validated and page-only', () => {
    expect(parseRequest({ type: 'setNote', paperId: A.id, note: 'hi', extra: 1 })).toEqual({ ok: true, req: { type: 'setNote', paperId: A.id, note: 'hi' } });
    expect(parseRequest({ type: 'setNote', paperId: A.id, note: 'x'.repeat(LIMITS.note) })).toMatchObject({ ok: true });
    expect(parseRequest({ type: 'setNote', paperId: A.id, note: 'x'.repeat(LIMITS.note + 1) })).toMatchObject({ ok: false, error: /longer than 10,000/ });
    expect(parseRequest({ type: 'setNote', paperId: A.id })).toMatchObject({ ok: false, error: /note must be a string/ });
    expect(parseRequest({ type: 'setNote', paperId: A.id, note: 5 })).toMatchObject({ ok: false });
    expect(parseRequest({ type: 'setNote', note: 'x' })).toMatchObject({ ok: false, error: /paperId/ });
    expect(parseRequest({ type: 'restoreSaved', paperId: A.id, savedAt: 1 })).toEqual({ ok: true, req: { type: 'restoreSaved', paperId: A.id } });
    expect(parseRequest({ type: 'restoreSaved' })).toMatchObject({ ok: false, error: /paperId/ });
    expect(PAGE_ONLY.has('setNote') && PAGE_ONLY.has('restoreSaved')).toBe(true);
  });
});

describe('remove and undo', () => {
  it('restores exactly what was removed: savedAt, note and the snapshot, even after the paper left the corpus', async () => {
    const db = await setup();
    await savePaper(db, B.id, 1000);
    const withNote = await setNote(db, B.id, 'keep me');
    expect(await removeSaved(db, B.id)).toBe(true);
    expect(await listSaved(db)).toEqual([]);
    await loadCorpus(db, corpus([A], '00000000000000bb'));
    expect(await restoreSaved(db, B.id)).toEqual(withNote);
    expect(await listSaved(db)).toEqual([withNote]);
    // Once restored, there is nothing left to undo.
    await removeSaved(db, B.id);
    await restoreSaved(db, B.id);
    await expect(restoreSaved(db, A.id)).rejects.toThrow(/nothing to undo/);
  });

  it('keeps a newer save made in between, and forgets old or excess removals', async () => {
    const db = await setup();
    await savePaper(db, A.id, 1000);
    await removeSaved(db, A.id, 2000);
    const again = await savePaper(db, A.id, 3000);
    expect(await restoreSaved(db, A.id, 3001)).toEqual(again);

    await removeSaved(db, A.id, 10_000);
    await expect(restoreSaved(db, A.id, 10_000 + UNDO_MAX_AGE_MS)).rejects.toThrow(/nothing to undo/);
    expect(await removeSaved(db, A.id)).toBe(false);
  });

  it(`remembers the last ${UNDO_KEEP} removals`, async () => {
    const db = await openPaperLensDB();
    const many = Array.from({ length: UNDO_KEEP + 2 }, (_, i) => paper(`t:${i}`, `Paper ${i}`));
    await loadCorpus(db, corpus(many));
    for (const p of many) await savePaper(db, p.id, 1);
    for (const p of many) await removeSaved(db, p.id, 100);
    await expect(restoreSaved(db, 't:0', 101)).rejects.toThrow(/nothing to undo/);
    await expect(restoreSaved(db, 't:1', 101)).rejects.toThrow(/nothing to undo/);
    await restoreSaved(db, 't:2', 101);
    await restoreSaved(db, `t:${UNDO_KEEP + 1}`, 101);
    expect((await listSaved(db)).map((i) => i.paperId).sort()).toEqual(['t:2', `t:${UNDO_KEEP + 1}`].sort());
  });
});

describe('through the service', () => {
  it('setNote / unsave / restoreSaved answer, broadcast savedChanged, and are refused from content scripts', async () => {
    const { createService } = await import('../../utils/service');
    const pushed: unknown[] = [];
    const EXT = 'ext';
    const service = createService({
      extensionId: EXT,
      extensionOrigin: `chrome-extension://${EXT}/`,
      readBundledCorpus: async () => corpus([A, B]),
      broadcast: async (m) => void pushed.push(m),
      log: () => {},
    });
    const popup = { id: EXT, url: `chrome-extension://${EXT}/popup.html` };
    const content = { id: EXT, url: 'https://arxiv.org/list/cs.CL/recent', tab: { id: 1 } };
    await service.ensureCorpus();
    const saved = await service.handle({ type: 'save', paperId: A.id }, content);
    expect(saved).toMatchObject({ ok: true });
    expect(await service.handle({ type: 'setNote', paperId: A.id, note: 'n' }, content)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    expect(await service.handle({ type: 'setNote', paperId: A.id, note: 'n' }, popup)).toMatchObject({ ok: true, item: { paperId: A.id, note: 'n' } });
    expect(await service.handle({ type: 'setNote', paperId: B.id, note: 'n' }, popup)).toMatchObject({ ok: false, error: /not in your saved library/ });
    expect(await service.handle({ type: 'unsave', paperId: A.id }, popup)).toEqual({ ok: true, removed: true });
    expect(await service.handle({ type: 'restoreSaved', paperId: A.id }, content)).toMatchObject({ ok: false });
    const restored = await service.handle({ type: 'restoreSaved', paperId: A.id }, popup);
    expect(restored).toEqual({ ok: true, item: { ...(saved as { item: object }).item, note: 'n' } });
    expect(pushed).toEqual([
      { type: 'savedChanged', paperId: A.id, saved: true },
      { type: 'savedChanged', paperId: A.id, saved: true },
      { type: 'savedChanged', paperId: A.id, saved: false },
      { type: 'savedChanged', paperId: A.id, saved: true },
    ]);
  });
});
