import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background';
import { packLookup, type LibraryChanged, type SavedChanged } from '../../utils/messages';
import { createService, type Sender } from '../../utils/service';
import { getCorpusState, openPaperLensDB } from '../../utils/db';
import { chunkKey, KEYS_KEY, SUMMARIES_KEY, titleHash } from '../../utils/key-index';
import { normalizeTitle } from '../../utils/core/normalize';
import { toLibraryJson } from '../../utils/core/export';
import { corpus, paper } from '../helpers/papers';

const EXT = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const popup: Sender = { id: EXT, url: `${ORIGIN}popup.html` };
const contentScript: Sender = { id: EXT, url: 'https://arxiv.org/list/cs.CL/recent', tab: { id: 3 } };
const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

function setup(bundled: unknown = corpus([A, B], '0000000000000001')) {
  const pushed: (SavedChanged | LibraryChanged)[] = [];
  let current = bundled;
  const service = createService({
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    readBundledCorpus: async () => structuredClone(current),
    broadcast: async (m) => void pushed.push(m),
    log: () => {},
    // The first lookup below starts the load and must see it finished even on a loaded machine.
    lookupWaitMs: 10_000,
  });
  return { service, pushed, setBundled: (c: unknown) => (current = c) };
}

describe('service', () => {
  it('loads the bundled corpus on first lookup and answers batched lookups', async () => {
    const { service } = setup();
    const entries = [{ arxivId: A.id }, { title: 'attention is all you need' }, { title: 'unknown' }];
    const res = await service.handle({ type: 'lookup', entries }, contentScript);
    expect(res).toMatchObject({ ok: true, results: [{ paper: { id: A.id }, matchedBy: 'id' }, { paper: { id: B.id }, matchedBy: 'title' }, null] });
    // The compact form of the same request (utils/messages.ts packLookup): the same answer.
    expect(await service.handle(packLookup(entries), contentScript)).toEqual(res);
    expect(await service.handle({ type: 'status' }, popup)).toEqual({ ok: true, corpusVersion: '0000000000000001', paperCount: 2, savedCount: 0 });
  });

  it('refuses messages from other senders and page-only requests from content scripts', async () => {
    const { service } = setup();
    expect(await service.handle({ type: 'listSaved' }, { id: 'other-extension', url: 'chrome-extension://other/' })).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'listSaved' }, {})).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'reloadCorpus' }, contentScript)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    expect(await service.handle({ type: 'reloadCorpus' }, popup)).toMatchObject({ ok: true, corpusVersion: '0000000000000001' });
  });

  it('a content script learns which papers are saved, never the library or its notes', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    await service.handle({ type: 'save', paperId: A.id }, contentScript);
    await service.handle({ type: 'setNote', paperId: A.id, note: 'private thoughts' }, popup);
    expect(await service.handle({ type: 'listSaved' }, contentScript)).toMatchObject({ ok: false, error: /only accepted from PaperLens pages/ });
    expect(await service.handle({ type: 'savedIds', paperIds: [B.id, A.id] }, contentScript)).toEqual({ ok: true, saved: [A.id] });
    expect(await service.handle({ type: 'savedIds', paperIds: 'x' }, contentScript)).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'listSaved' }, popup)).toMatchObject({ ok: true, items: [{ paperId: A.id, note: 'private thoughts' }] });
  });

  it('answers malformed messages with an error and writes nothing', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    for (const bad of [null, 42, 'save', { type: 'save' }, { type: 'save', paperId: 5 }, { type: 'lookup', entries: null }, { type: '__proto__' }]) {
      expect(await service.handle(bad, popup)).toMatchObject({ ok: false, error: expect.any(String) });
    }
    expect(await service.handle({ type: 'save', paperId: 'not-in-corpus' }, popup)).toMatchObject({ ok: false, error: /unknown paper/ });
    expect(await service.handle({ type: 'status' }, popup)).toMatchObject({ savedCount: 0 });
  });

  it('saves, lists, unsaves and pushes each change', async () => {
    const { service, pushed } = setup();
    await service.ensureCorpus();
    expect(await service.handle({ type: 'save', paperId: A.id }, contentScript)).toMatchObject({ ok: true, item: { paperId: A.id } });
    expect(await service.handle({ type: 'listSaved' }, popup)).toMatchObject({ ok: true, items: [{ paperId: A.id, paper: { title: A.title } }] });
    expect(await service.handle({ type: 'unsave', paperId: A.id }, popup)).toEqual({ ok: true, removed: true });
    expect(pushed).toEqual([
      { type: 'savedChanged', paperId: A.id, saved: true },
      { type: 'savedChanged', paperId: A.id, saved: false },
    ]);
  });

  it('keeps saved items and the previous corpus when a new bundled corpus is invalid', async () => {
    const { service, setBundled } = setup();
    await service.ensureCorpus();
    await service.handle({ type: 'save', paperId: B.id }, popup);
    setBundled({ format: 'paperlens-corpus', formatVersion: 99, papers: 'garbage' });
    const res = await service.handle({ type: 'reloadCorpus' }, popup);
    expect(res).toMatchObject({ ok: true, corpusVersion: '0000000000000001', paperCount: 2, savedCount: 1, corpusError: /invalid/ });
  });

  it('reloads only when the bundled version changed, keeping saved items', async () => {
    const { service, setBundled } = setup();
    await service.ensureCorpus();
    await service.handle({ type: 'save', paperId: B.id }, popup);
    setBundled(corpus([A], '0000000000000002'));
    expect(await service.ensureCorpus('repair')).toMatchObject({ corpusVersion: '0000000000000001' });
    expect(await service.ensureCorpus('check')).toMatchObject({ corpusVersion: '0000000000000002', paperCount: 1, savedCount: 1 });
    const saved = await service.handle({ type: 'listSaved' }, popup);
    expect(saved).toMatchObject({ items: [{ paperId: B.id, paper: { title: B.title } }] });
  });
});

describe('service lookups keep the saved ids in memory', () => {
  const savedFlags = async (service: ReturnType<typeof setup>['service']) => {
    const res = (await service.handle({ type: 'lookup', entries: [{ arxivId: A.id }, { arxivId: B.id }] }, contentScript)) as { results: { saved: boolean }[] };
    return res.results.map((r) => r.saved);
  };

  it('answers the saved state after every kind of library change', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    expect(await savedFlags(service)).toEqual([false, false]);
    await service.handle({ type: 'save', paperId: A.id }, contentScript);
    expect(await savedFlags(service)).toEqual([true, false]);
    await service.handle({ type: 'unsave', paperId: A.id }, contentScript);
    expect(await savedFlags(service)).toEqual([false, false]);
    await service.handle({ type: 'restoreSaved', paperId: A.id }, popup);
    expect(await savedFlags(service)).toEqual([true, false]);
    await service.handle({ type: 'clearLibrary' }, popup);
    expect(await savedFlags(service)).toEqual([false, false]);
    const file = toLibraryJson([{ paperId: B.id, savedAt: 5, paper: { id: B.id, title: B.title, topics: [], links: [] } }], 10);
    expect(await service.handle({ type: 'importLibrary', name: 'lib.json', text: file }, popup)).toMatchObject({ ok: true, added: 1 });
    expect(await savedFlags(service)).toEqual([false, true]);
  });

  it('never keeps a saved-id read that a concurrent save or unsave made stale (property: the last answer is the library)', async () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 10; round++) {
      globalThis.indexedDB = new IDBFactory();
      const { service } = setup();
      await service.ensureCorpus();
      const ops = Array.from({ length: 30 }, () => {
        const r = rnd();
        const paperId = rnd() < 0.5 ? A.id : B.id;
        return r < 0.3 ? { type: 'save', paperId } : r < 0.5 ? { type: 'unsave', paperId } : { type: 'lookup', entries: [{ arxivId: A.id }, { arxivId: B.id }] };
      });
      await Promise.all(ops.map((op) => service.handle(op, contentScript)));
      const db = await openPaperLensDB();
      const inDb = new Set(await db.getAllKeys('saved'));
      db.close();
      expect(await savedFlags(service)).toEqual([inDb.has(A.id), inDb.has(B.id)]);
    }
  });

  it('writes the summaries chunks with every load, and for a database loaded before they existed', async () => {
    const { service, setBundled } = setup();
    await service.ensureCorpus();
    const db = await openPaperLensDB();
    expect(await db.get('meta', chunkKey(0))).toMatchObject({ version: '0000000000000001', count: 2 });
    await db.delete('meta', chunkKey(0));
    // A database from before the chunks: the single record of every summary goes when they are written.
    await db.put('meta', { version: '0000000000000001', count: 2, json: '' }, SUMMARIES_KEY);
    await service.ensureCorpus('check');
    expect(await db.get('meta', chunkKey(0))).toMatchObject({ version: '0000000000000001', count: 2 });
    expect(await db.get('meta', SUMMARIES_KEY)).toBeUndefined();
    setBundled(corpus([A], '0000000000000002'));
    await service.ensureCorpus('check');
    expect(await db.get('meta', chunkKey(0))).toMatchObject({ version: '0000000000000002', count: 1 });
    db.close();
  });

  it('reads the lookup keys at worker start (prewarm), and answers from them only when the store is complete', async () => {
    // A first start: nothing stored yet. The prewarm keeps nothing, and the first lookup loads the corpus.
    const first = setup();
    first.service.prewarm();
    expect(await first.service.handle({ type: 'lookup', entries: [{ arxivId: A.id }] }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }] });
    // A restarted worker (a new service on the same database): the same answers, from the keys read at start.
    const { service } = setup();
    service.prewarm();
    const entries = [{ arxivId: A.id }, { title: 'attention is all you need' }, { arxivId: '2612.00001' }];
    expect(await service.handle({ type: 'lookup', entries }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }, { paper: { id: B.id } }, null] });
    // A load interrupted by a stop (state 'loading'): the prewarm must not make lookups trust the store.
    const db = await openPaperLensDB();
    await db.put('meta', { version: '0000000000000001', state: 'loading', paperCount: 0 }, 'corpus');
    const { service: third } = setup();
    third.prewarm();
    expect(await third.handle({ type: 'lookup', entries: [{ arxivId: A.id }] }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }] });
    expect(await getCorpusState(db)).toMatchObject({ state: 'complete' });
    db.close();
  });

  it('rewrites a keys record of the older layout on a version check, without reloading the papers', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    const db = await openPaperLensDB();
    const legacy = { version: '0000000000000001', count: 2, ids: '\u001f', arxivIds: `${A.arxivId}\u001f${B.arxivId}`, titleHashes: new Float64Array([titleHash(normalizeTitle(A.title)), titleHash(normalizeTitle(B.title))]) };
    await db.put('meta', legacy, KEYS_KEY);
    // Read as it is until then: lookups answer the same.
    expect(await service.handle({ type: 'lookup', entries: [{ arxivId: A.id }, { title: B.title }] }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }, { paper: { id: B.id } }] });
    const marker = { id: 'marker', title: 'Not In The Corpus', normTitle: 'not in the corpus', source: 'bundled', topics: [], links: [] };
    await db.put('papers', marker as never);
    await service.ensureCorpus('check');
    expect(await db.get('meta', KEYS_KEY)).toMatchObject({ version: '0000000000000001', count: 2, format: 2 });
    // No reload: a reload would have removed the bundled paper the corpus does not have.
    expect(await db.get('papers', 'marker')).toBeDefined();
    db.close();
  });
});

describe('background entrypoint (WXT fake browser)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    const bundled = readFileSync(new URL('../../public/corpus.json', import.meta.url), 'utf8');
    // The packaged file cannot be fetched in Node: serve the repo's public/corpus.json for the extension URL.
    vi.stubGlobal('fetch', async (url: string) => {
      expect(url).toBe(`${ORIGIN}corpus.json`);
      return new Response(bundled);
    });
  });

  it('loads the bundled corpus on install and answers messages through runtime.onMessage', async () => {
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    // The install handler loads in the background; status reports the finished load.
    await vi.waitFor(async () => {
      const [status] = await fakeBrowser.runtime.onMessage.trigger({ type: 'status' }, popup as never);
      expect(status).toMatchObject({ ok: true, corpusVersion: expect.any(String), paperCount: 112, savedCount: 0 });
    });
    const [lookup] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'lookup', entries: [{ arxivId: '2110.08542' }, { title: 'Seeing and Hearing: Open-domain Visual-Audio Generation with Diffusion Latent Aligners' }] },
      contentScript as never,
    );
    expect(lookup).toMatchObject({ ok: true, results: [{ paper: { id: '2110.08542' } }, { paper: { id: '2402.17723' }, matchedBy: 'title' }] });
    const [refused] = await fakeBrowser.runtime.onMessage.trigger({ type: 'status' }, { id: 'evil' } as never);
    expect(refused).toMatchObject({ ok: false });
  });
});

describe('service fuzzy matching', () => {
  it('matches truncated and retitled variants through the title index, and refuses near-misses', async () => {
    const L = paper('2001.08361', 'Scaling Laws for Neural Language Models');
    const M = paper('2109.07740', 'Scaling Laws for Neural Machine Translation');
    const S = paper('2402.17723', 'Seeing and Hearing: Open-domain Visual-Audio Generation with Diffusion Latent Aligners');
    const { service } = setup(corpus([L, M, A, B, S], '0000000000000003'));
    const res = await service.handle(
      {
        type: 'lookup',
        entries: [
          { title: 'Seeing and Hearing: Open-domain Visual-Audio Generation with Diffusion…' },
          { title: 'Scaling Laws for Neural Language Model' },
          { title: 'Scaling Laws for Neural Speech Recognition' },
          { title: 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?', arxivId: '2301.00001' },
        ],
      },
      contentScript,
    );
    expect(res.ok).toBe(true);
    const results = (res as { results: ({ paper: { id: string }; matchedBy: string; matchScore?: number } | null)[] }).results;
    expect(results[0]).toMatchObject({ paper: { id: S.id }, matchedBy: 'fuzzy', matchScore: expect.any(Number) });
    expect(results[1]).toMatchObject({ paper: { id: L.id }, matchedBy: 'fuzzy' });
    expect(results[2]).toBeNull();
    // The page names another arXiv id: never a badge, exact title or not.
    expect(results[3]).toBeNull();
  });
});

describe('service predict', () => {
  it('classifies entries not in the corpus from title and abstract, and validates the request', async () => {
    const { service } = setup();
    const res = await service.handle(
      {
        type: 'predict',
        entries: [
          { title: 'Sparse Mixture-of-Experts Language Models with Expert Routing' },
          { title: 'On the cohomology of moduli spaces of curves', abstract: 'We compute the rational cohomology of moduli spaces of stable curves of genus two.' },
        ],
      },
      contentScript,
    );
    expect(res).toMatchObject({ ok: true });
    const [moe, maths] = (res as { results: { id: string; evidence: string[] }[][] }).results;
    expect(moe!.map((t) => t.id)).toContain('moe');
    expect(moe!.find((t) => t.id === 'moe')!.evidence.length).toBeGreaterThan(0);
    expect(maths).toEqual([]);
    expect(await service.handle({ type: 'predict', entries: [{ title: '' }] }, contentScript)).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'predict', entries: [{ title: 'x', abstract: 'y'.repeat(20_001) }] }, contentScript)).toMatchObject({
      ok: false,
      error: /longer than/,
    });
  });
});

describe('service import', () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

  it('imports a BibTeX file from an extension page, finds its papers, lists and removes the import', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    const before = await service.handle({ type: 'status' }, popup);
    const res = (await service.handle({ type: 'importText', name: 'library.bib', text: fixture('library.bib') }, popup)) as {
      ok: boolean;
      format: string;
      summary: { importId: string; added: number };
      rejected: unknown[];
    };
    expect(res).toMatchObject({ ok: true, format: 'bibtex' });
    expect(res.summary.added).toBeGreaterThan(0);
    expect(res.rejected.length).toBeGreaterThan(0); // the file has an entry without a title
    const after = (await service.handle({ type: 'status' }, popup)) as { paperCount: number };
    expect(after.paperCount).toBe((before as { paperCount: number }).paperCount + res.summary.added);
    expect(await service.handle({ type: 'listImports' }, popup)).toMatchObject({ ok: true, imports: [{ importId: res.summary.importId, name: 'library.bib' }] });
    expect(await service.handle({ type: 'removeImport', importId: res.summary.importId }, popup)).toEqual({ ok: true, removed: res.summary.added });
    expect(await service.handle({ type: 'status' }, popup)).toMatchObject({ paperCount: (before as { paperCount: number }).paperCount });
  });

  it('says an arXiv id that found nothing is final (idsSuffice) only while every paper has an arXiv id', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    const title = 'A Study of Papers That Carry No Preprint Identifier';
    const byId = { type: 'lookup', entries: [{ arxivId: '2401.99999' }] } as const;
    const full = { type: 'lookup', entries: [{ arxivId: '2401.99999', title }] } as const;
    expect(await service.handle(byId, contentScript)).toEqual({ ok: true, results: [null], idsSuffice: true });
    const bib = `@article{noid, title={${title}}, author={Doe, Jane}, year={2021}}`;
    const res = (await service.handle({ type: 'importText', name: 'noid.bib', text: bib }, popup)) as { ok: boolean; summary: { importId: string; added: number } };
    expect(res).toMatchObject({ ok: true, summary: { added: 1 } });
    // Now a paper without an arXiv id exists: a page's unknown id may still match it by title, so the flag goes.
    expect(await service.handle(byId, contentScript)).toEqual({ ok: true, results: [null] });
    expect(await service.handle(full, contentScript)).toMatchObject({ ok: true, results: [{ paper: { title }, matchedBy: 'title' }] });
    expect(await service.handle({ type: 'removeImport', importId: res.summary.importId }, popup)).toEqual({ ok: true, removed: 1 });
    expect(await service.handle(full, contentScript)).toEqual({ ok: true, results: [null], idsSuffice: true });
  });

  it('refuses a broken file with its line, writes nothing, and refuses imports from content scripts', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    const res = await service.handle({ type: 'importText', name: 'unbalanced.bib', text: fixture('unbalanced.bib') }, popup);
    expect(res).toMatchObject({ ok: false, error: /unbalanced\.bib: line \d+/ });
    expect(await service.handle({ type: 'listImports' }, popup)).toEqual({ ok: true, imports: [] });
    expect(await service.handle({ type: 'importText', name: 'x.bib', text: fixture('library.bib') }, contentScript)).toMatchObject({
      ok: false,
      error: /only accepted from PaperLens pages/,
    });
    expect(await service.handle({ type: 'status' }, popup)).toMatchObject({ paperCount: 2 });
  });
});

describe('service during a corpus load', () => {
  it('answers lookups from what is stored while a load is under way, then says the corpus changed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let changed = 0;
    const service = createService({
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      readBundledCorpus: async () => {
        await gate; // a large corpus still being read
        return corpus([A, B], '0000000000000001');
      },
      broadcast: async () => {},
      corpusChanged: () => void changed++,
      log: () => {},
    });
    const t = Date.now();
    const during = await service.handle({ type: 'lookup', entries: [{ arxivId: A.id }] }, contentScript);
    // Answered (from the empty store) after at most the bounded wait, not when the load ends.
    expect(during).toEqual({ ok: true, results: [null] });
    expect(Date.now() - t).toBeLessThan(2000);
    expect(changed).toBe(0);
    release();
    await service.ensureCorpus();
    expect(changed).toBe(1);
    expect(await service.handle({ type: 'lookup', entries: [{ arxivId: A.id }] }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }] });
  });

  it('writes the keys record for a database loaded before it existed (same corpus version, on update)', async () => {
    const { service } = setup();
    await service.ensureCorpus();
    const db = await openPaperLensDB();
    await db.delete('meta', KEYS_KEY);
    expect(await service.ensureCorpus('check')).toMatchObject({ corpusVersion: '0000000000000001', paperCount: 2 });
    expect(await db.get('meta', KEYS_KEY)).toMatchObject({ version: '0000000000000001', count: 2 });
    db.close();
  });
});

describe('service during a version check', () => {
  it('answers lookups from the complete corpus while an install/update check reads the bundled file', async () => {
    let release!: () => void;
    let slow = false;
    const gate = new Promise<void>((r) => (release = r));
    const service = createService({
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      readBundledCorpus: async () => {
        if (slow) await gate; // the same version, but slow to read (a large file)
        return corpus([A, B], '0000000000000001');
      },
      broadcast: async () => {},
      log: () => {},
    });
    await service.ensureCorpus();
    slow = true;
    const check = service.ensureCorpus('check');
    // A worker woken by the update: the check is under way; lookups still see the stored corpus.
    expect(await service.handle({ type: 'lookup', entries: [{ arxivId: A.id }] }, contentScript)).toMatchObject({ ok: true, results: [{ paper: { id: A.id } }] });
    release();
    expect(await check).toMatchObject({ corpusVersion: '0000000000000001' });
  });
});
