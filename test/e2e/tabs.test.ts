// Five tabs saving and removing the same and different papers at once, in the real browser. The final library must
// be exactly what the operations imply (computed from the operations, not written down), every tab's badges must
// show that library, and the storage.local backup must equal it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArxivListing } from '../helpers/demo-pages';
import { launchExtension, loadCorpus, PageServer, TempRoot, waitForBadgeCount, type ExtensionSession } from './harness';

type Op = { type: 'save' | 'unsave'; paperId: string };
interface SavedItem {
  paperId: string;
}

const TABS = 5;
const URL_ = 'https://arxiv.org/list/cs.CL/pastweek?show=50';
const corpus = loadCorpus();
const listing = buildArxivListing(corpus, 50, { known: 40 });
const P = listing.placed;

let root: TempRoot;
let server: PageServer;
let ext: ExtensionSession;
let tabs: Page[] = [];
let senders: Page[] = [];

async function library(): Promise<string[]> {
  const res = await ext.send<{ ok: true; items: SavedItem[] } | { ok: false; error: string }>({ type: 'listSaved' }, senders[0]);
  if (!res.ok) throw new Error(res.error);
  return res.items.map((i) => i.paperId).sort();
}

async function backup(): Promise<string[]> {
  return senders[0]!.evaluate(async () => {
    const all = await (globalThis as any).chrome.storage.local.get(null);
    return Object.keys(all)
      .filter((k) => k.startsWith('backup:saved:'))
      .map((k) => k.slice('backup:saved:'.length))
      .sort();
  });
}

/** Saved state every badge of a tab shows, as the sorted ids of the pressed ones. */
const pressedIn = (tab: Page) =>
  tab.$$eval('paperlens-badges', (hosts) =>
    hosts
      .filter((h) => h.shadowRoot?.querySelector('button.save')?.getAttribute('aria-pressed') === 'true')
      .map((h) => (h as HTMLElement).dataset.paperId!)
      .sort(),
  );

/** Every tab shows exactly the library, and the backup holds exactly it. */
async function expectAllAgree(expected: string[]): Promise<void> {
  expect(await library()).toEqual(expected);
  for (const [i, tab] of tabs.entries()) {
    await expect.poll(() => pressedIn(tab), { timeout: 15_000, message: `tab ${i}` }).toEqual(expected.filter((id) => P.includes(id)));
  }
  await expect.poll(backup, { timeout: 10_000 }).toEqual(expected);
}

/**
 * The library after running each tab's sequence (in order within a tab, interleaved arbitrarily across tabs), given
 * the library before. Only defined when every tab's LAST operation on a paper is of the same kind: then whatever the
 * interleaving, the globally last operation on that paper is of that kind. Throws otherwise (a test design error).
 */
function expectedAfter(before: string[], perTab: Op[][]): string[] {
  const lastKinds = new Map<string, Set<Op['type']>>();
  for (const ops of perTab) {
    const last = new Map<string, Op['type']>();
    for (const op of ops) last.set(op.paperId, op.type);
    for (const [id, type] of last) lastKinds.set(id, (lastKinds.get(id) ?? new Set()).add(type));
  }
  const result = new Set(before);
  for (const [id, kinds] of lastKinds) {
    if (kinds.size !== 1) throw new Error(`ambiguous final state for ${id}`);
    if (kinds.has('save')) result.add(id);
    else result.delete(id);
  }
  return [...result].sort();
}

beforeAll(async () => {
  root = new TempRoot();
  server = await PageServer.start(root, new Map([[URL_, listing.html]]));
  ext = await launchExtension({ server, tempRoot: root });
  for (let i = 0; i < TABS; i++) {
    const tab = await ext.context.newPage();
    await tab.goto(URL_);
    tabs.push(tab);
    senders.push(await ext.popup());
  }
  for (const tab of tabs) await waitForBadgeCount(tab, P.length, 60_000);
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  root?.remove();
});

describe(`${TABS} tabs at once`, () => {
  it('save/unsave storms through the message API end in exactly the state the operations imply', async () => {
    // Before: papers 20..25 are saved.
    for (const id of P.slice(20, 26)) expect(await ext.send({ type: 'save', paperId: id }, senders[0])).toMatchObject({ ok: true });
    const before = await library();
    const perTab: Op[][] = [];
    for (let t = 0; t < TABS; t++) {
      const ops: Op[] = [];
      const add = (id: string, ...types: Op['type'][]) => types.forEach((type) => ops.push({ type, paperId: id }));
      for (const id of P.slice(0, 3)) add(id, 'save'); // same papers, saved by all
      for (const id of P.slice(3, 6)) add(id, 'save', 'unsave'); // same papers, ends removed
      for (const id of P.slice(6, 9)) add(id, 'unsave', 'save', 'unsave', 'save'); // same papers, ends saved
      add(P[10 + 2 * t]!, 'save'); // different papers
      add(P[11 + 2 * t]!, 'save', 'unsave', 'save');
      add(P[20 + t]!, 'unsave'); // different saved papers removed
      add(P[25]!, 'unsave'); // the same saved paper removed by all
      perTab.push(ops);
    }
    const expected = expectedAfter(before, perTab);
    // Each tab sends its papers in parallel, each paper's operations in order; all tabs at once.
    const replies = await Promise.all(
      perTab.map((ops, t) =>
        senders[t]!.evaluate(async (ops) => {
          const byPaper = new Map<string, typeof ops>();
          for (const op of ops) byPaper.set(op.paperId, [...(byPaper.get(op.paperId) ?? []), op]);
          const chrome = (globalThis as any).chrome;
          const out = await Promise.all(
            [...byPaper.values()].map(async (seq) => {
              const r = [];
              for (const op of seq) r.push(await chrome.runtime.sendMessage(op));
              return r;
            }),
          );
          return out.flat();
        }, ops),
      ),
    );
    const flat = replies.flat() as { ok: boolean }[];
    expect(flat).toHaveLength(perTab.flat().length);
    expect(flat.filter((r) => !r.ok)).toEqual([]);
    expect(expected).toHaveLength(3 + 3 + TABS * 2); // sanity of the design: 16 saved, 26 touched
    await expectAllAgree(expected);
  }, 300_000);

  it('real clicks on the badges of five tabs at once: different papers and the same paper', async () => {
    // Record, in each tab's page world, what each click on our save button meant (its state when clicked: the
    // badge's handler reads the same attribute in the same task).
    for (const tab of tabs) {
      await tab.evaluate(() => {
        const w = window as unknown as { __ops: { paperId: string; save: boolean }[] };
        w.__ops = [];
        for (const host of document.querySelectorAll<HTMLElement>('paperlens-badges')) {
          host.shadowRoot!.addEventListener(
            'click',
            (e) => {
              const b = e.target as HTMLElement;
              if (b.classList.contains('save')) w.__ops.push({ paperId: host.dataset.paperId!, save: b.getAttribute('aria-pressed') !== 'true' });
            },
            true,
          );
        }
      });
    }
    const before = await library();
    const click = (tab: Page, id: string) => tab.locator(`paperlens-badges[data-paper-id="${id}"] button.save`).click();
    // Different papers: tab t clicks papers 30+t and 35+t (unsaved) and 10+2t (saved), one after the other (one
    // mouse per page), while the other tabs do the same.
    await Promise.all(
      tabs.map(async (tab, t) => {
        for (const id of [P[30 + t]!, P[35 + t]!, P[10 + 2 * t]!]) await click(tab, id);
      }),
    );
    const ops1 = (await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as any).__ops.splice(0))))).flat() as { paperId: string; save: boolean }[];
    expect(ops1).toHaveLength(TABS * 3);
    const expected1 = expectedAfter(before, [ops1.map((o) => ({ type: o.save ? 'save' : 'unsave', paperId: o.paperId }) as Op)]);
    expect(expected1.length).toBe(before.length + TABS * 2 - TABS);
    await expectAllAgree(expected1);

    // The same paper, clicked in all five tabs at once: each click acts on what its tab showed at that moment. When
    // all five saw it unsaved, five saves: saved. A tab that already saw the first save arrive sends an unsave, and
    // then the order decides; whatever it is, every tab and the backup must agree with the library.
    const same = P[9]!;
    await Promise.all(tabs.map((tab) => click(tab, same)));
    const ops2 = (await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as any).__ops.splice(0))))).flat() as { paperId: string; save: boolean }[];
    expect(ops2.map((o) => o.paperId)).toEqual(Array(TABS).fill(same));
    const lib = await library();
    if (ops2.every((o) => o.save)) expect(lib).toContain(same);
    if (ops2.every((o) => !o.save)) expect(lib).not.toContain(same);
    expect(lib.filter((id) => id !== same)).toEqual(expected1.filter((id) => id !== same));
    await expectAllAgree(lib);
    console.log(`same-paper clicks: ${ops2.filter((o) => o.save).length} saves, ${ops2.filter((o) => !o.save).length} unsaves → ${lib.includes(same) ? 'saved' : 'not saved'}`);
  });

  it('a service worker stop in the middle of a storm: the library, the tabs and the backup still agree', async () => {
    const before = await library();
    const perTab: Op[][] = tabs.map((_, t) => [
      { type: 'save', paperId: P[26 + (t % 4)]! },
      { type: 'unsave', paperId: P[0]! },
    ]);
    const expected = expectedAfter(before, perTab);
    const storm = Promise.all(
      perTab.map((ops, t) =>
        senders[t]!.evaluate(async (ops) => {
          const chrome = (globalThis as any).chrome;
          const out = [];
          for (const op of ops) {
            // A message to a worker that is being stopped may get no answer: retry as a user would.
            for (let attempt = 0; attempt < 5; attempt++) {
              const r = await chrome.runtime.sendMessage(op).catch((e: Error) => ({ ok: false, error: e.message }));
              if (r?.ok) {
                out.push(r);
                break;
              }
              await new Promise((res) => setTimeout(res, 200));
            }
          }
          return out;
        }, ops),
      ),
    );
    await ext.stopServiceWorker();
    const replies = (await storm).flat() as { ok: boolean }[];
    expect(replies).toHaveLength(TABS * 2);
    await expectAllAgree(expected);
  });
});
