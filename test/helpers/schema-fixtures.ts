// Frozen databases of every schema version PaperLens has shipped, for upgrade tests (test/unit/schema.test.ts).
// Each version's entry holds ITS OWN copy of the upgrade steps up to that version, written with the raw IndexedDB
// API exactly as that version created the stores, and never edited afterwards: utils/db.ts may change, these must
// not. When DB_VERSION goes to N, add FIXTURES[N] (a copy of steps 1..N) and data that uses what step N adds.
import type { SavedItem } from '../../utils/messages';

export interface FixtureData {
  saved: SavedItem[];
  meta: [key: string, value: unknown][];
  papers: Record<string, unknown>[];
}

export interface SchemaFixture {
  version: number;
  /** The upgrade steps of that version (frozen copy), given the old version. */
  upgrade: (db: IDBDatabase, oldVersion: number) => void;
  data: FixtureData;
}

function v1Upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    const papers = db.createObjectStore('papers', { keyPath: 'id' });
    papers.createIndex('byTitle', 'normTitle');
    papers.createIndex('byArxiv', 'arxivId');
    papers.createIndex('bySource', 'source');
    const saved = db.createObjectStore('saved', { keyPath: 'paperId' });
    saved.createIndex('bySavedAt', 'savedAt');
    db.createObjectStore('meta');
  }
}

// Values as version 1 wrote them (including a note, an old-style arXiv id, unicode and a paper no longer in the corpus).
const v1Data: FixtureData = {
  saved: [
    {
      paperId: '1706.03762',
      savedAt: 1_700_000_000_000,
      paper: {
        id: '1706.03762',
        arxivId: '1706.03762',
        title: 'Attention Is All You Need',
        year: 2017,
        topics: [{ id: 'llm', score: 0.91, evidence: ['attention', 'transformer'] }],
        links: [{ url: 'https://github.com/tensorflow/tensor2tensor', kind: 'code' }],
      },
      note: 'Read §3.2 again — “scaled dot-product”.',
    },
    {
      paperId: 'hep-th/9901001',
      savedAt: 1_600_000_000_123,
      paper: { id: 'hep-th/9901001', arxivId: 'hep-th/9901001', title: 'An old-style id', year: 1999, topics: [], links: [] },
    },
    {
      paperId: 't:0123456789abcdef',
      savedAt: 1_710_000_000_999,
      paper: { id: 't:0123456789abcdef', title: 'Résumé: 変換器 and émigré tokens', topics: [{ id: 'nlp', score: 0.5, evidence: [] }], links: [] },
    },
  ],
  meta: [
    ['corpus', { version: 'cfeecd7d815b1606', state: 'complete', paperCount: 1 }],
    ['import:imp-abc', { importId: 'imp-abc', name: 'library.bib', date: 1_705_000_000_000, paperCount: 0, counts: { added: 0, updated: 0, skipped: 0, removed: 0 } }],
  ],
  papers: [
    {
      id: '1706.03762',
      arxivId: '1706.03762',
      title: 'Attention Is All You Need',
      year: 2017,
      abstract: 'The dominant sequence transduction models…',
      topics: [{ id: 'llm', score: 0.91, evidence: ['attention'] }],
      links: [],
      normTitle: 'attention is all you need',
      source: 'bundled',
    },
  ],
};

export const FIXTURES: Record<number, SchemaFixture> = {
  1: { version: 1, upgrade: v1Upgrade, data: v1Data },
};

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Creates database `name` at the fixture's version with its data, and closes it. */
export async function createFixtureDb(name: string, fixture: SchemaFixture): Promise<void> {
  const open = indexedDB.open(name, fixture.version);
  open.onupgradeneeded = (e) => fixture.upgrade(open.result, e.oldVersion);
  const db = await req(open);
  const tx = db.transaction(['saved', 'meta', 'papers'], 'readwrite');
  for (const item of fixture.data.saved) tx.objectStore('saved').put(item);
  for (const [k, v] of fixture.data.meta) tx.objectStore('meta').put(v, k);
  for (const p of fixture.data.papers) tx.objectStore('papers').put(p);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
