// Real-browser benchmarks: Debian's Chromium with the built extension (test/e2e/harness.ts), pages
// served under their real https URLs, nothing leaving the machine.
//
// Session A: the extension as built (.output/chrome-mv3, the bundled corpus), plus a second Chromium
//   profile WITHOUT the extension in the same run, loading the same pages alternately. Measures the
//   content script's time to badges, page load with/without, long tasks, and a stylesheet microbenchmark.
// Session B: a copy of the built extension whose packaged corpus.json is the large synthetic corpus
//   (real papers + synthetic ones up to 100,000). Installing it makes the background load that corpus
//   through its own code path (onInstalled → ensureCorpus → validateCorpus → loadCorpus), which is
//   the seeding measured, with the worker probed meanwhile; then batched / naive / cold lookups.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  EXTENSION_DIR,
  findChromium,
  chromiumArgs,
  launchExtension,
  networkViolations,
  PageServer,
  recordRequests,
  REPO_ROOT,
  serverViolations,
  TempRoot,
  type ExtensionSession,
  type SeenRequest,
} from '../../test/e2e/harness';
import { buildArxivListing, buildDemoPages, DEMO_URLS } from '../../test/helpers/demo-pages';
import type { CorpusFile, EntryKeys } from '../../utils/core/types';
import { packLookup } from '../../utils/messages';
import { row, summarize, type Row, type Summary } from './stats';
import { rng } from './synthetic';

export interface BrowserBenchOptions {
  quick: boolean;
  real: CorpusFile;
  big: CorpusFile;
  log: (msg: string) => void;
  /** Skip session A (pages, load ratio, long tasks, stylesheet microbenchmark). */
  noPages?: boolean;
  /** Give up waiting for the seed after this many seconds. */
  seedTimeoutS?: number;
}

export interface BrowserInfo {
  chromiumVersion: string;
}

// ---------------------------------------------------------------------------------------------
// Page instrumentation (main world, before any page script): when the content script starts, when
// badges appear, long tasks, DOMContentLoaded/load.

interface PageProbe {
  start: number | null;
  startMsg: number | null;
  first: number | null;
  last: number | null;
  count: number;
  dcl: number | null;
  load: number | null;
  longtasks: { start: number; dur: number }[];
}

function instrument(startEvent: string): void {
  const B: PageProbe = { start: null, startMsg: null, first: null, last: null, count: 0, dcl: null, load: null, longtasks: [] };
  (window as unknown as { __plb: PageProbe }).__plb = B;
  // WXT's ContentScriptContext dispatches this CustomEvent on `document` synchronously in its
  // constructor, right before the content script's main() runs: the content script's start.
  if (startEvent) document.addEventListener(startEvent, () => void (B.start ??= performance.now()), true);
  window.addEventListener('message', (e) => {
    const t = (e.data as { type?: unknown } | null)?.type;
    if (typeof t === 'string' && t.endsWith('wxt:content-script-started')) B.startMsg ??= performance.now();
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask support */
  }
  new MutationObserver((records) => {
    let added = 0;
    for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'PAPERLENS-BADGES') added++;
    if (added) {
      const t = performance.now();
      B.first ??= t;
      B.last = t;
      B.count += added;
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => (B.dcl = performance.now()));
  window.addEventListener('load', () => (B.load = performance.now()));
}

interface PageRun {
  probe: PageProbe;
  loadEventEnd: number;
  domContentLoaded: number;
}

async function loadOnce(context: BrowserContext, url: string, startEvent: string, expectBadges: number | null): Promise<PageRun> {
  const page = await context.newPage();
  try {
    await page.addInitScript(instrument, startEvent);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (expectBadges !== null) {
      await page.waitForFunction(
        (n) => {
          const b = (window as unknown as { __plb: PageProbe }).__plb;
          return b.count >= n && b.last !== null;
        },
        expectBadges,
        { timeout: 30_000, polling: 50 },
      );
    }
    await page.waitForTimeout(250); // late long-task entries, stray badges
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        probe: (window as unknown as { __plb: PageProbe }).__plb,
        loadEventEnd: nav.loadEventEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
      };
    });
  } finally {
    await page.close();
  }
}

/** A Chromium profile without the extension, same flags and resolver rules as the harness. */
async function launchPlain(server: PageServer, root: TempRoot): Promise<BrowserContext> {
  return chromium.launchPersistentContext(root.sub('plain'), {
    executablePath: findChromium(),
    headless: process.env.PAPERLENS_HEADED !== '1',
    viewport: { width: 1280, height: 900 },
    args: chromiumArgs(server),
  });
}

// ---------------------------------------------------------------------------------------------
// Memory: resident set of the Chromium processes of one profile, from /proc (Linux).

class RssSampler {
  peakTotal = 0;
  peakExtension = 0;
  private timer?: ReturnType<typeof setInterval>;
  /** `marker`: a string in the browser process's command line (its profile directory). */
  constructor(private readonly marker: string) {}
  sample(): { total: number; extension: number } {
    const parent = new Map<string, string>();
    const cmdline = new Map<string, string>();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
        cmdline.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        /* process gone */
      }
    }
    // The browser (profile dir on its command line) and every descendant (zygotes, renderers, GPU, utility).
    const inTree = (pid: string): boolean => {
      for (let p: string | undefined = pid, hops = 0; p && p !== '0' && hops < 10; p = parent.get(p), hops++) {
        if (cmdline.get(p)?.includes(this.marker)) return true;
      }
      return false;
    };
    let total = 0;
    let extension = 0;
    for (const [pid, cmd] of cmdline) {
      if (!inTree(pid)) continue;
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        const kb = m ? Number(m[1]) : 0;
        total += kb;
        if (cmd.includes('--extension-process')) extension = Math.max(extension, kb);
      } catch {
        /* process gone */
      }
    }
    this.peakTotal = Math.max(this.peakTotal, total);
    this.peakExtension = Math.max(this.peakExtension, extension);
    return { total, extension };
  }
  start(ms = 100): void {
    this.timer = setInterval(() => this.sample(), ms);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------------------------------------

/** Timed `chrome.runtime.sendMessage` calls from an extension page (round trip, page clock). */
async function timedSend(page: Page, message: unknown): Promise<{ ms: number; ok: boolean; hits: number }> {
  return page.evaluate(async (m) => {
    const t = performance.now();
    const res = (await (globalThis as any).chrome.runtime.sendMessage(m)) as { ok: boolean; results?: unknown[] };
    const ms = performance.now() - t;
    return { ms, ok: !!res?.ok, hits: res?.results ? res.results.filter(Boolean).length : 0 };
  }, message as any);
}

async function timedNaive(page: Page, entries: EntryKeys[]): Promise<{ ms: number; hits: number }> {
  return page.evaluate(async (es) => {
    const t = performance.now();
    const all = await Promise.all(
      (es as unknown[]).map((e) => (globalThis as any).chrome.runtime.sendMessage({ type: 'lookup', entries: [e] }) as Promise<{ results?: unknown[] }>),
    );
    const ms = performance.now() - t;
    return { ms, hits: all.filter((r) => r?.results?.[0]).length };
  }, entries as any);
}

function lookupBatch(big: CorpusFile, n: number, seed: number): EntryKeys[] {
  const rand = rng(seed);
  const pick = () => big.papers[Math.floor(rand() * big.papers.length)]!;
  return Array.from({ length: n }, (_, i): EntryKeys => {
    if (i % 10 === 0) {
      const p = pick();
      return { arxivId: `${p.arxivId}v1`, title: p.title }; // known, by arXiv id
    }
    if (i % 20 === 1) return { title: pick().title }; // known, by exact title only
    return { arxivId: `2612.${50000 + i}`, title: `Unlisted benchmark entry ${i} on sparse mixture routing` };
  });
}

const STYLE_BENCH_CSS_RE = /const CSS = `([\s\S]*?)`;/;

/** Creates N badge-like shadow roots with one shared constructable sheet, or a <style> each; time incl. style + layout. */
async function styleBench(context: BrowserContext, url: string, n: number, mode: 'shared' | 'style'): Promise<number> {
  const css = STYLE_BENCH_CSS_RE.exec(readFileSync(path.join(REPO_ROOT, 'utils/content/badges.ts'), 'utf8'))?.[1] ?? '';
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    return await page.evaluate(
      ({ n, mode, css }) => {
        const t = performance.now();
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        const box = document.createElement('div');
        for (let i = 0; i < n; i++) {
          const host = document.createElement('paperlens-bench');
          const root = host.attachShadow({ mode: 'open' });
          if (mode === 'shared') root.adoptedStyleSheets = [sheet];
          else {
            const style = document.createElement('style');
            style.textContent = css;
            root.append(style);
          }
          const wrap = document.createElement('span');
          wrap.className = 'wrap';
          for (const label of ['LLMs', 'Reasoning', 'Code']) {
            const chip = document.createElement('span');
            chip.className = 'chip';
            chip.textContent = label;
            wrap.append(chip);
          }
          const save = document.createElement('button');
          save.className = 'save';
          save.textContent = '☆ Save';
          wrap.append(save);
          root.append(wrap);
          box.append(host);
        }
        document.body.append(box);
        void document.body.offsetHeight; // style + layout
        const last = (box.lastElementChild as HTMLElement).shadowRoot!.querySelector('.chip')!;
        void getComputedStyle(last).backgroundColor;
        return performance.now() - t;
      },
      { n, mode, css },
    );
  } finally {
    await page.close();
  }
}

class SkipSession extends Error {}

/** Like summarize, but keeps unanswered (infinite) samples in min/max. */
function summarizeInf(xs: number[]): Summary {
  const finite = summarize(xs);
  const inf = xs.filter((x) => !Number.isFinite(x)).length;
  if (!inf) return finite;
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1]!, min: sorted[0]!, max: Infinity, runs: xs.length };
}

// ---------------------------------------------------------------------------------------------

export async function browserBench(opts: BrowserBenchOptions): Promise<{ rows: Row[]; info: BrowserInfo }> {
  const { quick, real, big, log } = opts;
  const rows: Row[] = [];
  const runs = quick ? 3 : 5;
  const coldRuns = quick ? 2 : 3;
  const root = new TempRoot();

  // Content script size.
  const content = readFileSync(path.join(EXTENSION_DIR, 'content-scripts/content.js'));
  const gz = gzipSync(content, { level: 9 }).length;
  rows.push(row('size', 'content.js raw', 'kB', [content.length / 1000]));
  rows.push(row('size', 'content.js gzip -9', 'kB', [gz / 1000], { le: 15 }));

  // Pages: arXiv listings of 50 / 500 / 2,000 entries (real 2026 markup) and the HF daily page.
  const sizes = quick ? [50, 2000] : [50, 500, 2000];
  const pages = new Map<string, { html: string; expect: number; label: string }>();
  for (const n of sizes) {
    const p = buildArxivListing(real, n);
    pages.set(`https://arxiv.org/list/cs.CL/pastweek?show=${n}`, { html: p.html, expect: p.placed.length, label: `arXiv listing ${n} entries` });
  }
  const hf = buildDemoPages(real, { perListing: 30 }).get(DEMO_URLS.hfDaily)!;
  pages.set(DEMO_URLS.hfDaily, { html: hf.html, expect: hf.placed.length, label: 'HF daily papers' });
  const benchPage = 'https://arxiv.org/list/cs.CL/bench-blank';
  const server = await PageServer.start(root, new Map([...[...pages].map(([u, p]) => [u, p.html] as const), [benchPage, '<!doctype html><title>bench</title><body></body>']]));

  let chromiumVersion = '';
  const seenAll: { seen: SeenRequest[]; extensionId: string }[] = [];
  let sessionA: ExtensionSession | undefined;
  let plain: BrowserContext | undefined;
  try {
    if (opts.noPages) throw new SkipSession();
    log('browser: session A (built extension) + plain profile');
    sessionA = await launchExtension({ server, tempRoot: root });
    plain = await launchPlain(server, root);
    chromiumVersion = sessionA.context.browser()?.version() ?? plain.browser()?.version() ?? '';
    const seenA = recordRequests(sessionA.context);
    seenAll.push({ seen: seenA, extensionId: sessionA.extensionId });
    const startEvent = `${sessionA.extensionId}:content:wxt:content-script-started`;

    for (const [url, p] of pages) {
      log(`browser: ${p.label} (${p.expect} badges expected) × ${runs}`);
      const badged: number[] = [];
      const firstBadge: number[] = [];
      const startAfterDcl: number[] = [];
      const loadWith: number[] = [];
      const loadWithout: number[] = [];
      const longWith: number[] = [];
      const longWithout: number[] = [];
      const longAt: string[] = [];
      let badgeCount = 0;
      let startMissing = 0;
      // One warm-up each (HTTP, fonts, worker warm), then alternate.
      await loadOnce(sessionA.context, url, startEvent, p.expect);
      await loadOnce(plain, url, '', null);
      for (let r = 0; r < runs; r++) {
        const w = await loadOnce(sessionA.context, url, startEvent, p.expect);
        const wo = await loadOnce(plain, url, '', null);
        const start = w.probe.start ?? w.probe.startMsg;
        if (w.probe.start === null) startMissing++;
        if (start !== null && w.probe.last !== null) {
          badged.push(w.probe.last - start);
          firstBadge.push(w.probe.first! - start);
          if (w.probe.dcl !== null) startAfterDcl.push(start - w.probe.dcl);
          // Long tasks overlapping the content script's run (start → last badge).
          const during = w.probe.longtasks.filter((t) => t.start + t.dur >= start && t.start <= w.probe.last!);
          longWith.push(Math.max(0, ...during.map((t) => t.dur)));
          const worst = during.sort((a, b) => b.dur - a.dur)[0];
          if (worst) longAt.push(`${Math.round(worst.start - start)}…${Math.round(worst.start + worst.dur - start)}`);
          // Same window (relative to DOMContentLoaded) in the profile without the extension.
          const off = start - (w.probe.dcl ?? start);
          const ws = (wo.probe.dcl ?? 0) + off;
          const we = ws + (w.probe.last - start);
          const base = wo.probe.longtasks.filter((t) => t.start + t.dur >= ws && t.start <= we);
          longWithout.push(Math.max(0, ...base.map((t) => t.dur)));
        }
        badgeCount = w.probe.count;
        loadWith.push(w.loadEventEnd);
        loadWithout.push(wo.loadEventEnd);
      }
      const big2000 = p.label.includes('2000');
      const le = p.label.includes(' 50 ') ? 16 : big2000 ? 100 : undefined;
      rows.push(
        row('page', `${p.label}: content script start → last badge`, 'ms', badged, {
          ...(le !== undefined ? { le } : {}),
          note: `${badgeCount} badges${startMissing ? `; start taken from WXT's postMessage in ${startMissing} runs` : ''}`,
        }),
      );
      rows.push(row('page', `${p.label}: content script start → first badge`, 'ms', firstBadge));
      rows.push(row('page', `${p.label}: content script start after DOMContentLoaded`, 'ms', startAfterDcl));
      rows.push(row('page', `${p.label}: load (loadEventEnd) with extension`, 'ms', loadWith));
      rows.push(row('page', `${p.label}: load (loadEventEnd) without extension`, 'ms', loadWithout));
      const ratios = loadWith.map((v, i) => v / loadWithout[i]!);
      rows.push(row('page', `${p.label}: load with / without (paired runs)`, '×', ratios, { le: 1.05 }));
      rows.push(
        row('page', `${p.label}: longest long task during badging, with ext`, 'ms', longWith, {
          le: 50,
          onMax: true,
          target: 'none > 50 ms',
          ...(longAt.length ? { note: `longest task spans (ms from content script start): ${longAt.join(', ')}` } : {}),
        }),
      );
      rows.push(row('page', `${p.label}: longest long task, same window, without ext`, 'ms', longWithout));
    }

    // Shared constructable stylesheet vs a <style> per shadow root (what badges.ts avoids).
    const nStyle = 2000;
    log(`browser: stylesheet microbenchmark (${nStyle} shadow roots)`);
    const shared: number[] = [];
    const perRoot: number[] = [];
    await styleBench(plain, benchPage, nStyle, 'shared');
    for (let r = 0; r < runs; r++) {
      shared.push(await styleBench(plain, benchPage, nStyle, 'shared'));
      perRoot.push(await styleBench(plain, benchPage, nStyle, 'style'));
    }
    rows.push(row('baseline', `${nStyle} badge roots, one shared adopted sheet`, 'ms', shared));
    rows.push(row('baseline', `${nStyle} badge roots, <style> per root (naive)`, 'ms', perRoot));
    rows.push(row('baseline', 'per-root <style> / shared sheet', '×', perRoot.map((v, i) => v / shared[i]!)));
  } catch (e) {
    if (!(e instanceof SkipSession)) throw e;
  } finally {
    await sessionA?.close();
    await plain?.close().catch(() => {});
  }

  // ------------------------------------------------------------------------------------------
  // Session B: the large corpus.
  const bigDir = root.sub('ext-big');
  cpSync(EXTENSION_DIR, bigDir, { recursive: true });
  log(`browser: writing ${big.papers.length.toLocaleString('en-US')}-paper corpus.json`);
  const json = JSON.stringify(big);
  writeFileSync(path.join(bigDir, 'corpus.json'), json);
  const label = `${Math.round(big.papers.length / 1000)}k`;
  const profile = root.sub('profile-big');
  const rss = new RssSampler(profile);
  rss.start(100);
  let sessionB: ExtensionSession | undefined;
  try {
    log(`browser: session B, seeding ${label} papers through the background's own install path`);
    sessionB = await launchExtension({ server, extensionPath: bigDir, userDataDir: profile });
    const t0 = performance.now();
    const seenB = recordRequests(sessionB.context);
    seenAll.push({ seen: seenB, extensionId: sessionB.extensionId });
    const page = await sessionB.popup();
    const known = big.papers[big.papers.length - 1]!;
    const statusMs: number[] = [];
    let done = NaN;
    let firstWrite = NaN;
    let lastCount = 0;
    let lastProbe = -Infinity;
    const deadline = t0 + (opts.seedTimeoutS ?? 300) * 1000;
    // Probes: a content script's 1-entry lookup fired every ~2 s during the load, not awaited (their
    // answer times are read at the end); status polled about once a second (it counts the store, so
    // polling faster would slow the load it measures).
    await page.evaluate(() => ((globalThis as any).__probes = []));
    while (performance.now() < deadline) {
      if (performance.now() - lastProbe > 2000) {
        lastProbe = performance.now();
        await page.evaluate((e) => {
          const probe = { t0: performance.now(), t1: null as number | null };
          (globalThis as any).__probes.push(probe);
          void (globalThis as any).chrome.runtime.sendMessage({ type: 'lookup', entries: [e] }).then(() => (probe.t1 = performance.now()));
        }, { arxivId: known.arxivId, title: known.title });
      }
      const s = (await page.evaluate(async () => {
        const t = performance.now();
        const res = await (globalThis as any).chrome.runtime.sendMessage({ type: 'status' });
        return { ms: performance.now() - t, version: res?.corpusVersion as string | null, count: res?.paperCount as number };
      })) as { ms: number; version: string | null; count: number };
      statusMs.push(s.ms);
      lastCount = s.count;
      if (s.count > 0 && Number.isNaN(firstWrite)) firstWrite = performance.now() - t0;
      if (s.version === big.corpusVersion) {
        done = performance.now() - t0;
        break;
      }
      log(`browser: seeding… ${lastCount.toLocaleString('en-US')} papers stored after ${((performance.now() - t0) / 1000).toFixed(0)} s (status took ${s.ms.toFixed(0)} ms)`);
      await page.waitForTimeout(1000);
    }
    // Let the probes still waiting answer (they are released when the load completes), up to 10 s.
    await page
      .waitForFunction(() => ((globalThis as any).__probes as { t1: number | null }[]).every((p) => p.t1 !== null), undefined, { timeout: 10_000 })
      .catch(() => undefined);
    const probes = (await page.evaluate(() => (globalThis as any).__probes)) as { t0: number; t1: number | null }[];
    const probeMs = probes.map((p) => (p.t1 === null ? Infinity : p.t1 - p.t0));
    const probesDuring = probes.length;
    rss.sample();
    rows.push(
      row('seed', `seed ${label} papers (install → corpus complete)`, 's', [done / 1000], {
        le: 10,
        note: Number.isNaN(done)
          ? `NOT complete after ${opts.seedTimeoutS ?? 240} s: ${lastCount} papers stored`
          : `fetch + JSON.parse of a ${(json.length / 1e6).toFixed(0)} MB corpus.json and validateCorpus took until the first stored batch (${(firstWrite / 1000).toFixed(1)} s), then loadCorpus in time-bounded batches (≤ 1,000 papers or 20 ms each, up to 4 in flight, relaxed durability); timed from the worker's first start, polled about once a second`,
      }),
    );
    rows.push(row('seed', 'seed: fetch + parse + validate (until first batch stored)', 's', [firstWrite / 1000]));
    rows.push(
      row('seed', 'lookup (1 entry) answered while seeding', 'ms', probeMs, {
        le: 100,
        onMax: true,
        target: '≤ 100 ms (max)',
        note: `${probesDuring} probes fired every ~2 s during the load${probeMs.some((x) => !Number.isFinite(x)) ? ' (some never answered)' : ''}; a lookup waits for a load until 100 ms after it began (utils/service.ts storeReady), then answers from what is in memory (nothing on a first install); validation and writes run in slices so messages are handled in between`,
      }),
    );
    rows.push(row('seed', 'status answered while seeding', 'ms', statusMs));
    rows.push(row('seed', 'peak RSS, extension process (worker)', 'MB', [rss.peakExtension / 1024]));
    rows.push(row('seed', 'peak RSS, all Chromium processes', 'MB', [rss.peakTotal / 1024]));

    // Lookups against the large corpus.
    const batch = lookupBatch(big, 2000, 5);
    const expectedHits = batch.filter((e, i) => i % 10 === 0 || i % 20 === 1).length;
    const warm: number[] = [];
    const idsOnly: number[] = [];
    const packed: number[] = [];
    const emptyMs: number[] = [];
    let hits = 0;
    let idHits = 0;
    log(`browser: warm 2,000-entry lookups × ${runs}`);
    await timedSend(page, { type: 'lookup', entries: batch });
    for (let r = 0; r < runs; r++) {
      const entries = lookupBatch(big, 2000, 100 + r);
      const res = await timedSend(page, { type: 'lookup', entries });
      warm.push(res.ms);
      hits = res.hits;
      // What the content script sends first: entries with an arXiv id by the id alone (utils/content/controller.ts).
      const byId = await timedSend(page, { type: 'lookup', entries: entries.map((e) => (e.arxivId ? { arxivId: e.arxivId } : e)) });
      idsOnly.push(byId.ms);
      idHits = byId.hits;
      packed.push((await timedSend(page, packLookup(entries))).ms);
      emptyMs.push((await timedSend(page, { type: 'lookup', entries: [] })).ms);
    }
    rows.push(
      row('sw', `lookup 2,000 entries vs ${label}, warm (round trip)`, 'ms', warm, {
        le: 20,
        note: `from an extension page: sendMessage → worker (validate, exact keys and the bundled summaries in memory, saved ids in memory; no IndexedDB read) → reply; ${hits} hits of ~${expectedHits} known (10% by id, 5% by title only)`,
      }),
    );
    rows.push(
      row('sw', `lookup 2,000 entries vs ${label}, warm, as the content script sends them (ids alone)`, 'ms', idsOnly, {
        le: 20,
        note: `the same entries, those with an arXiv id sent as the id alone (the content script's first message; titles follow only when the answer lacks idsSuffice); ${idHits} hits`,
      }),
    );
    rows.push(row('sw', `lookup 2,000 entries vs ${label}, warm, packed into one string (packLookup)`, 'ms', packed));
    rows.push(row('sw', 'empty lookup round trip (message floor)', 'ms', emptyMs));

    log(`browser: naive 2,000 × 1-entry lookups × ${quick ? 2 : 3}`);
    const naive: number[] = [];
    let naiveHits = 0;
    for (let r = 0; r < (quick ? 2 : 3); r++) {
      const res = await timedNaive(page, lookupBatch(big, 2000, 200 + r));
      naive.push(res.ms);
      naiveHits = res.hits;
    }
    rows.push(row('baseline', `naive: 2,000 messages × 1 entry vs ${label} (concurrent)`, 'ms', naive, { note: `${naiveHits} hits` }));
    rows.push(row('baseline', 'naive per-title messages / one batched message', '×', [summarize(naive).median / summarize(warm).median]));

    log(`browser: cold 2,000-entry lookups × ${coldRuns}`);
    const cold: number[] = [];
    for (let r = 0; r < coldRuns; r++) {
      await sessionB.stopServiceWorker();
      cold.push((await timedSend(page, { type: 'lookup', entries: lookupBatch(big, 2000, 300 + r) })).ms);
    }
    rows.push(
      row('sw', `lookup 2,000 entries vs ${label}, cold (worker stopped)`, 'ms', cold, {
        le: 20,
        note: 'worker stopped through CDP first: includes worker start-up, opening IndexedDB, the corpus-state check, reading the packed keys record (utils/key-index.ts, searched in place), the lookup and the summaries chunks it needs; the fuzzy TitleIndex (> 5,000 papers) is built in the background, not waited for',
      }),
    );

    // The largest listing against the large corpus.
    const url2000 = 'https://arxiv.org/list/cs.CL/pastweek?show=2000';
    const p2000 = pages.get(url2000);
    if (p2000) {
      log(`browser: 2,000-entry listing against ${label} × ${runs}`);
      const startEvent = `${sessionB.extensionId}:content:wxt:content-script-started`;
      const t: number[] = [];
      await loadOnce(sessionB.context, url2000, startEvent, p2000.expect);
      for (let r = 0; r < runs; r++) {
        const w = await loadOnce(sessionB.context, url2000, startEvent, p2000.expect);
        const start = w.probe.start ?? w.probe.startMsg;
        if (start !== null && w.probe.last !== null) t.push(w.probe.last - start);
      }
      rows.push(row('page', `arXiv listing 2000 entries vs ${label} corpus: start → last badge`, 'ms', t, { le: 100 }));
    }
  } finally {
    rss.stop();
    await sessionB?.close();
  }

  // Network: the extension must make no request (its own files excepted).
  const violations = seenAll.flatMap(({ seen, extensionId }) => networkViolations(seen, server, extensionId));
  const fromExtension = seenAll.flatMap(({ seen }) =>
    seen.filter((r) => (r.fromServiceWorker || r.frameUrl.startsWith('chrome-extension://')) && !r.url.startsWith('chrome-extension://')),
  );
  const unserved = serverViolations(server);
  rows.push(
    row('net', 'requests by the extension (worker/pages, non-extension URLs)', 'requests', [fromExtension.length], {
      le: 0,
      target: '0',
      note: fromExtension.length ? fromExtension.slice(0, 3).map((r) => r.url).join(', ') : undefined,
    }),
  );
  rows.push(
    row('net', 'requests not explained by the served pages (harness rules)', 'requests', [violations.length + unserved.length], {
      le: 0,
      target: '0',
      note: violations.length + unserved.length ? [...violations.map((r) => r.url), ...unserved.map((r) => r.url)].slice(0, 3).join(', ') : undefined,
    }),
  );

  await server.close();
  root.remove();
  return { rows, info: { chromiumVersion } };
}
