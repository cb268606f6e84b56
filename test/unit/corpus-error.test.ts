// A bundled corpus that cannot be used is reported until a good one is loaded, also by a worker started after the
// failure (the report is kept in meta), and the previous corpus and every saved item stay.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { openPaperLensDB } from '../../utils/db';
import { createService, type Sender } from '../../utils/service';
import { corpus, paper } from '../helpers/papers';

const EXT = 'test-extension-id';
const page: Sender = { id: EXT, url: `chrome-extension://${EXT}/options.html` };
const A = paper('2106.09608', 'Hey AI, Can You Solve Complex Tasks by Talking to Agents?');
const B = paper('1706.03762', 'Attention Is All You Need');

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

function worker(read: () => Promise<unknown>) {
  return createService({ extensionId: EXT, extensionOrigin: `chrome-extension://${EXT}/`, readBundledCorpus: read, broadcast: async () => {}, log: () => {} });
}

it('the error survives a worker restart, saved items and the old corpus stay, and a good corpus clears it', async () => {
  const first = worker(async () => corpus([A, B], '0000000000000001'));
  await first.ensureCorpus('check');
  await first.handle({ type: 'save', paperId: A.id }, page);
  const db = await openPaperLensDB();
  const savedBefore = await db.getAll('saved');
  db.close();

  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['unreadable', async () => JSON.parse('{ not json'), /could not be read/],
    ['newer format', async () => ({ ...corpus([A], '0000000000000002'), formatVersion: 2 }), /formatVersion: 2 is not supported/],
    ['not a corpus', async () => ({ papers: 'garbage' }), /invalid/],
  ];
  for (const [what, read, error] of cases) {
    const failing = worker(read);
    expect(await failing.ensureCorpus('check'), what).toMatchObject({ corpusVersion: '0000000000000001', paperCount: 2, savedCount: 1, corpusError: error });
    // A new worker that has not read the bundled file yet still reports it.
    const next = worker(async () => {
      throw new Error('must not be read by status');
    });
    expect(await next.handle({ type: 'status' }, page), what).toMatchObject({ ok: true, corpusVersion: '0000000000000001', corpusError: error });
  }
  const check = await openPaperLensDB();
  expect(await check.getAll('saved')).toEqual(savedBefore);
  check.close();

  const good = worker(async () => corpus([B], '0000000000000003'));
  const status = await good.ensureCorpus('check');
  expect(status).toEqual({ corpusVersion: '0000000000000003', paperCount: 1, savedCount: 1 });
  expect(await worker(async () => null).handle({ type: 'status' }, page)).toEqual({ ok: true, ...status });
});
