// Every message type, sent wrong: wrong shapes, wrong types, huge payloads, prototype-pollution keys, and from
// senders that are not PaperLens, through createService(...).handle with fake-indexeddb. The contract
// (utils/messages.ts, utils/service.ts): a malformed message is answered { ok: false, error } and changes nothing.
// "Nothing" is checked on the database itself: the saved store, the papers store and the meta store, before/after.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { openPaperLensDB } from '../../utils/db';
import { LIMITS, type LibraryChanged, type SavedChanged } from '../../utils/messages';
import { createService, type Sender } from '../../utils/service';
import { corpus, paper } from '../helpers/papers';

const EXT = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const popup: Sender = { id: EXT, url: `${ORIGIN}popup.html` };
const contentScript: Sender = { id: EXT, url: 'https://arxiv.org/list/cs.CL/recent', tab: { id: 3 } };
const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');
const C = paper('2401.00001', 'A Third Paper Already Saved');
const TYPES = ['lookup', 'save', 'unsave', 'listSaved', 'status', 'reloadCorpus', 'predict'] as const;

const MB10 = 'x'.repeat(10 * 1024 * 1024);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

async function setup() {
  const pushed: (SavedChanged | LibraryChanged)[] = [];
  const logged: unknown[][] = [];
  const service = createService({
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    readBundledCorpus: async () => structuredClone(corpus([A, B, C], '0000000000000001')),
    broadcast: async (m) => void pushed.push(m),
    log: (...args) => void logged.push(args),
  });
  await service.ensureCorpus();
  // One saved item, so "no write" also covers deleting it.
  expect(await service.handle({ type: 'save', paperId: C.id }, popup)).toMatchObject({ ok: true });
  pushed.length = 0;
  return { service, pushed, logged };
}

/** Everything in the database, for before/after comparisons. */
async function snapshot() {
  const db = await openPaperLensDB();
  try {
    const [papers, saved, metaKeys, metaValues] = await Promise.all([
      db.getAll('papers'),
      db.getAll('saved'),
      db.getAllKeys('meta'),
      db.getAll('meta'),
    ]);
    return { papers, saved, meta: metaKeys.map((k, i) => [k, metaValues[i]]) };
  } finally {
    db.close();
  }
}

/**
 * What the browser does to a message between contexts: it is serialised, so prototypes are dropped; structured clone,
 * or JSON (which also drops functions) where structured clone refuses the value.
 */
const overTheWire = (m: unknown): unknown => {
  try {
    return structuredClone(m);
  } catch {
    return JSON.parse(JSON.stringify(m) ?? 'null');
  }
};

/** Sends `msg`, asserting the reply is a well-formed failure and nothing was written or pushed. */
async function expectRefused(ctx: Awaited<ReturnType<typeof setup>>, msg: unknown, sender: Sender = contentScript) {
  const before = await snapshot();
  let reply: unknown;
  try {
    reply = await ctx.service.handle(msg, sender);
  } catch (e) {
    throw new Error(`handle threw on ${show(msg)}: ${String(e)}`);
  }
  expect(reply, show(msg)).toMatchObject({ ok: false, error: expect.any(String) });
  const { error } = reply as { error: string };
  expect(error.length).toBeGreaterThan(0);
  // The reply does not echo a huge payload back.
  expect(error.length).toBeLessThan(500);
  expect(Object.keys(reply as object).sort()).toEqual(['error', 'ok']);
  expect(await snapshot()).toEqual(before);
  expect(ctx.pushed).toEqual([]);
}

function show(msg: unknown): string {
  try {
    const s = JSON.stringify(msg);
    return s === undefined ? String(msg) : s.length > 120 ? `${s.slice(0, 120)}…` : s;
  } catch {
    return String(msg);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const notObjects: unknown[] = [undefined, null, 0, 42, -1, Number.NaN, true, '', 'save', 'lookup', MB10, [], ['save'], [{ type: 'save', paperId: A.id }], 10n];
const badTypes: unknown[] = [
  {}, { type: undefined }, { type: null }, { type: 1 }, { type: true }, { type: ['save'] }, { type: { toString: 'save' } },
  { type: 'SAVE' }, { type: 'save ' }, { type: ' save' }, { type: 'save\u0000' }, { type: 'savedChanged', paperId: A.id, saved: true },
  { type: 'pageEntries' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }, { type: 'hasOwnProperty' },
  { type: 'valueOf' }, { type: MB10 }, { TYPE: 'status' },
];

function saveLike(type: 'save' | 'unsave'): unknown[] {
  return [
    { type }, { type, paperId: undefined }, { type, paperId: null }, { type, paperId: 2106.09608 }, { type, paperId: '' },
    { type, paperId: 'x'.repeat(LIMITS.paperId + 1) }, { type, paperId: MB10 }, { type, paperId: [A.id] }, { type, paperId: { id: A.id } },
    { type, paperId: { toString: () => A.id } }, { type, paperId: true }, { type, paperid: A.id }, { type, id: A.id },
    JSON.parse(`{"type":"${type}","__proto__":{"paperId":"${A.id}"}}`),
    JSON.parse(`{"type":"${type}","constructor":{"prototype":{"paperId":"${A.id}"}}}`),
  ];
}

const hugeEntries = Array.from({ length: 100_000 }, (_, i) => ({ title: `Paper ${i}` }));
const lookups: unknown[] = [
  { type: 'lookup' }, { type: 'lookup', entries: null }, { type: 'lookup', entries: 'Attention Is All You Need' },
  { type: 'lookup', entries: { 0: { title: B.title }, length: 1 } }, { type: 'lookup', entries: { title: B.title } },
  { type: 'lookup', entries: hugeEntries }, { type: 'lookup', entries: Array.from({ length: LIMITS.lookupEntries + 1 }, () => ({ title: B.title })) },
  { type: 'lookup', entries: [null] }, { type: 'lookup', entries: [1] }, { type: 'lookup', entries: [[B.title]] }, { type: 'lookup', entries: ['x'] },
  { type: 'lookup', entries: [{ title: B.title }, null] }, { type: 'lookup', entries: [{ arxivId: 1706.03762 }] },
  { type: 'lookup', entries: [{ title: MB10 }] }, { type: 'lookup', entries: [{ title: 'x'.repeat(LIMITS.title + 1) }] },
  { type: 'lookup', entries: [{ arxivId: 'x'.repeat(LIMITS.arxivId + 1) }] }, { type: 'lookup', entries: [{ doi: 'x'.repeat(LIMITS.doi + 1) }] },
  { type: 'lookup', entries: [{ doi: { value: '10.1/x' } }] }, { type: 'lookup', entries: [{ title: ['Attention Is All You Need'] }] },
  { type: 'lookup', entries: [{ title: B.title }, { title: { toString: () => B.title } }] },
];
const predicts: unknown[] = [
  { type: 'predict' }, { type: 'predict', entries: null }, { type: 'predict', entries: hugeEntries },
  { type: 'predict', entries: [{}] }, { type: 'predict', entries: [{ title: '' }] }, { type: 'predict', entries: [{ title: 5 }] },
  { type: 'predict', entries: [{ title: 'ok', abstract: MB10 }] }, { type: 'predict', entries: [{ title: 'ok', abstract: 7 }] },
  { type: 'predict', entries: [null] }, { type: 'predict', entries: [{ abstract: 'no title' }] },
];

describe('malformed messages: always { ok: false, error }, never a throw, no write', () => {
  it('not objects, and objects without a known string type', async () => {
    const ctx = await setup();
    for (const m of [...notObjects, ...badTypes]) await expectRefused(ctx, m);
    for (const m of [...notObjects, ...badTypes]) await expectRefused(ctx, m, popup);
  });

  it('save and unsave with missing, wrong-typed, oversized, inherited or polluting paperIds', async () => {
    const ctx = await setup();
    for (const type of ['save', 'unsave'] as const) {
      for (const m of saveLike(type)) {
        await expectRefused(ctx, m);
        await expectRefused(ctx, overTheWire(m) as unknown, popup);
      }
    }
    // An id that is well-formed but not in the corpus: refused for save.
    await expectRefused(ctx, { type: 'save', paperId: '2612.99999' });
    await expectRefused(ctx, { type: 'save', paperId: '__proto__' });
    await expectRefused(ctx, { type: 'save', paperId: 'constructor' });
    expect(({} as Record<string, unknown>).paperId).toBeUndefined();
  });

  it('lookup and predict with wrong shapes, wrong types and huge payloads (10 MB strings, 100,000 entries)', async () => {
    const ctx = await setup();
    for (const m of [...lookups, ...predicts]) await expectRefused(ctx, m);
  });

  it('every type from senders that are not PaperLens (other extension, a web page, no id, look-alike ids and origins)', async () => {
    const ctx = await setup();
    const strangers: Sender[] = [
      {}, { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }, { url: 'https://evil.example/' },
      { id: EXT.toUpperCase(), url: ORIGIN }, { id: `${EXT} `, url: ORIGIN }, { id: undefined, url: `${ORIGIN}popup.html` },
      { id: '', url: ORIGIN }, { id: `${EXT}x`, url: `chrome-extension://${EXT}x/popup.html` },
    ];
    const valid: unknown[] = [
      { type: 'save', paperId: A.id }, { type: 'unsave', paperId: C.id }, { type: 'reloadCorpus' }, { type: 'listSaved' },
      { type: 'status' }, { type: 'lookup', entries: [{ title: B.title }] }, { type: 'predict', entries: [{ title: B.title }] },
    ];
    for (const sender of strangers) for (const m of valid) await expectRefused(ctx, m, sender);
    // PaperLens' own content script (a page URL) may not reload the corpus, nor may a look-alike origin.
    await expectRefused(ctx, { type: 'reloadCorpus' }, contentScript);
    await expectRefused(ctx, { type: 'reloadCorpus' }, { id: EXT, url: `chrome-extension://${EXT}.evil.example/` });
    await expectRefused(ctx, { type: 'reloadCorpus' }, { id: EXT, url: `https://evil.example/${ORIGIN}` });
    await expectRefused(ctx, { type: 'reloadCorpus' }, { id: EXT });
  });

  it('generated messages: any JSON-like value of any type is either refused cleanly or a valid read that writes nothing', async () => {
    const ctx = await setup();
    const field = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string({ maxLength: 3000 }), fc.constantFrom(A.id, B.title, '__proto__', 'constructor'));
    const entry = fc.dictionary(fc.constantFrom('title', 'arxivId', 'doi', 'abstract', '__proto__', 'constructor'), field, { maxKeys: 4 });
    const msg = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...TYPES), fc.jsonValue()),
        paperId: field,
        entries: fc.oneof(fc.array(fc.oneof(entry, fc.jsonValue()), { maxLength: 8 }), fc.jsonValue()),
        ['__proto__']: field,
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(msg, fc.constantFrom(contentScript, popup, {} as Sender), async (m, sender) => {
        const before = await snapshot();
        const reply = (await ctx.service.handle(overTheWire(m), sender)) as { ok: boolean; error?: string };
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(typeof reply.error === 'string' && reply.error.length > 0).toBe(true);
        const writes = reply.ok && (m.type === 'save' || m.type === 'unsave' || m.type === 'reloadCorpus');
        if (!writes) expect(await snapshot()).toEqual(before);
        if (writes) {
          // Undo, so the next run starts from the same library: C saved, nothing else.
          await ctx.service.handle({ type: 'unsave', paperId: A.id }, popup);
          await ctx.service.handle({ type: 'unsave', paperId: B.id }, popup);
          await ctx.service.handle({ type: 'save', paperId: C.id }, popup);
        }
        ctx.pushed.length = 0;
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(({} as Record<string, unknown>).title).toBeUndefined();
  });
});

describe('valid messages with junk around them', () => {
  it('unknown extra fields (huge, polluting) are dropped: reads answer normally and write nothing', async () => {
    const ctx = await setup();
    const before = await snapshot();
    const junk = { junk: MB10, entries: hugeEntries, paperId: A.id, ...JSON.parse('{"__proto__":{"ok":false}}') };
    expect(await ctx.service.handle({ type: 'status', ...junk }, popup)).toMatchObject({ ok: true, paperCount: 3, savedCount: 1 });
    expect(await ctx.service.handle({ type: 'listSaved', ...junk }, popup)).toMatchObject({ ok: true, items: [{ paperId: C.id }] });
    expect(await ctx.service.handle({ type: 'savedIds', ...junk, paperIds: [A.id, C.id] }, contentScript)).toMatchObject({ ok: true, saved: [C.id] });
    expect(await snapshot()).toEqual(before);
    expect(ctx.pushed).toEqual([]);
  });

  it('a lookup of the maximum size (5,000 entries of maximum-length fields) is answered, one result per entry, no write', async () => {
    const ctx = await setup();
    const before = await snapshot();
    const entries = Array.from({ length: LIMITS.lookupEntries }, (_, i) =>
      i === 17 ? { title: B.title } : { title: `${i} ${'t'.repeat(LIMITS.title - 8)}`, arxivId: `${'9'.repeat(LIMITS.arxivId)}`, doi: `10.1/${'d'.repeat(LIMITS.doi - 5)}` },
    );
    const reply = (await ctx.service.handle({ type: 'lookup', entries }, contentScript)) as { ok: true; results: unknown[] };
    expect(reply.ok).toBe(true);
    expect(reply.results).toHaveLength(LIMITS.lookupEntries);
    expect(reply.results.filter((r) => r !== null)).toMatchObject([{ paper: { id: B.id }, matchedBy: 'title' }]);
    expect(await snapshot()).toEqual(before);
  });

  // Regression (fixed in utils/core/normalize.ts parseDoi, reached from the lookup's arXiv-id step): a DOI with
  // malformed percent-encoding made decodeURIComponent throw, so one such entry failed the whole batch and every
  // other entry of the page lost its badge. A well-shaped lookup must answer every entry.
  it('one entry with a malformed percent-encoded DOI does not fail the other entries of the batch', async () => {
    const ctx = await setup();
    const reply = await ctx.service.handle({ type: 'lookup', entries: [{ title: B.title }, { doi: '10.1000/%C3%28' }, { arxivId: A.id }] }, contentScript);
    expect(reply).toMatchObject({ ok: true, results: [{ paper: { id: B.id } }, null, { paper: { id: A.id } }] });
  });
});
