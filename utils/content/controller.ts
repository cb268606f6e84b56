// The content script's logic: find entries with the page's adapter, look them all up in one batched
// message, place badges, keep them in place as the page changes, and answer the popup.
import { browser } from 'wxt/browser';
import { parseArxivId } from '../core/normalize';
import type { EntryKeys, TopicScore } from '../core/types';
import { request } from '../api';
import { isLibraryChanged, isSavedChanged, LIMITS, type LookupHit, type PageEntriesResponse, type PageEntry } from '../messages';
import { adapterForPage, type Settings } from '../settings';
import { siteAdapterFor } from '../sites';
import { readSettingsDirect as readSettings, watchSettingsDirect as watchSettings } from './settings-reader';
import type { FoundEntry, SiteAdapter } from '../sites/types';
import { createBadges, createPredicted, prepareStyles, setSavedState } from './badges';
import { createRowMarks } from './rows';
import { watchPage } from './watcher';

interface Placed {
  key: string;
  paperId: string;
  host: HTMLElement;
}

/** Badges placed per slice before the page gets the main thread back. */
const PLACE_SLICE = 150;
/**
 * Main-thread time per task for reading the page's entries (adapters with `entries`: an arXiv listing of 2,000
 * rows was one task of 50-110 ms), and the entries of the first slice, whose lookup (and the worker's wake-up)
 * starts while the rest is read.
 */
const SCAN_SLICE_MS = 30;
const FIRST_SLICE = 100;

/**
 * Runs `fn` in a task of its own, ahead of the page's own queued tasks where the browser can (scheduler.postTask,
 * user-blocking): while a big listing still loads, a plain timeout let its parsing and rendering tasks
 * (100-400 ms) run between the scan's slices. Input still comes first.
 */
function nextTask(fn: () => void): void {
  type PostTask = (fn: () => void, options: { priority: string }) => Promise<void>;
  (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler?.postTask?.(fn, { priority: 'user-blocking' }) ?? setTimeout(fn);
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/** Lookup key of an entry: what the background would match it by. */
function keyOf(entry: EntryKeys): { key: string; keys: EntryKeys } | undefined {
  const arxivId = parseArxivId(entry.arxivId);
  const title = entry.title && entry.title.length <= LIMITS.title ? entry.title : undefined;
  const doi = entry.doi && entry.doi.length <= LIMITS.doi ? entry.doi : undefined;
  // The title as the page shows it (adapters clean white space): normalising is the background's job, and
  // 2,000 normalisations here are ~25 ms of the page's main thread for a key that only dedupes this page.
  if (!arxivId && !title && !doi) return undefined;
  return { key: `${arxivId ?? ''}|${doi ?? ''}|${title ?? ''}`, keys: { arxivId, doi, title } };
}

type Keyed = { entry: FoundEntry; k: ReturnType<typeof keyOf> };
/** The lookup by id (under way) of the entries read in one task, and the next slice (read in a later task). */
interface Slice {
  first: Promise<boolean>;
  /** Undefined when this slice read the last entries. */
  next?: Promise<Slice | undefined>;
}

export interface ContentOptions {
  /** Show topics predicted for entries not in the corpus (a setting; on by default). */
  showPredicted?: () => boolean;
}

export function startContent(signal: AbortSignal, options: ContentOptions = {}): void {
  let url = new URL(location.href);
  /** Read from storage before the first scan: nothing runs on a page until its site is known to be on. */
  let settings: Settings | undefined;
  const showPredicted = options.showPredicted ?? (() => settings?.showPredictedTopics ?? true);
  let adapter: SiteAdapter | undefined;
  /** Bumped whenever the adapter changes, so a scan started under the old one places nothing. */
  let generation = 0;
  /** Our own hosts: a page may create look-alike <paperlens-badges> elements; those are never trusted. */
  const own = new WeakSet<Node>();
  let placed = new WeakMap<Element, Placed>();
  const hostsById = new Map<string, Set<HTMLElement>>();
  const cache = new Map<string, LookupHit | null>();
  const savedOverride = new Map<string, boolean>();
  const predictions = new Map<string, TopicScore[]>();
  let predictedAt = new WeakMap<Element, { key: string; host: HTMLElement }>();
  const predictedHosts = new Set<HTMLElement>();
  /** The page's entries at the last scan, for the popup (pageEntries) and the row marks (saved edge, topic highlighting). */
  let rowEntries: { anchor: Element; key: string }[] = [];
  const rowMarks = createRowMarks((node) => own.add(node));
  let running = false;
  let again = false;
  const warned = new Set<string>();

  const warnOnce = (what: string, err: unknown) => {
    if (warned.has(what)) return;
    warned.add(what);
    console.warn(`[paperlens] [${adapter?.id ?? 'none'}] ${what}`, location.href, err);
  };

  const isSaved = (hit: LookupHit) => savedOverride.get(hit.paper.id) ?? hit.saved;

  function setSaved(paperId: string, saved: boolean, mark = true) {
    savedOverride.set(paperId, saved);
    for (const host of hostsById.get(paperId) ?? []) setSavedState(host, saved);
    if (mark) markRows();
  }

  /** Saved edge and topic highlighting on the listing rows (utils/content/rows.ts). */
  function markRows() {
    if (!adapter) return rowMarks.clear();
    const highlight = settings?.highlightTopics ?? [];
    rowMarks.apply(
      rowEntries.map(({ anchor, key }) => {
        const hit = cache.get(key);
        const topics = hit ? hit.paper.topics.map((t) => t.id) : showPredicted() ? predictions.get(key)?.map((t) => t.id) : undefined;
        return { anchor, topics, saved: hit ? isSaved(hit) : false };
      }),
      highlight,
    );
  }

  /** After a library import or clear: ask which of the papers on this page are saved now. */
  async function refreshSaved() {
    const ids = [...new Set([...cache.values()].flatMap((hit) => (hit ? [hit.paper.id] : [])))];
    if (ids.length === 0) return;
    try {
      const saved = new Set((await request({ type: 'savedIds', paperIds: ids.slice(0, LIMITS.lookupEntries) })).saved);
      for (const id of ids) setSaved(id, saved.has(id), false);
      markRows();
    } catch (e) {
      warnOnce('could not refresh saved papers', e);
    }
  }

  async function toggle(paperId: string, wantSaved: boolean) {
    const before = savedOverride.get(paperId);
    setSaved(paperId, wantSaved);
    try {
      await request(wantSaved ? { type: 'save', paperId } : { type: 'unsave', paperId });
    } catch (e) {
      // The request failed, or was cut off by a worker stop after it may have been written: show what the
      // library says now (asking wakes a new worker). Only when that fails too, roll back to what we showed.
      let truth: boolean | undefined;
      try {
        truth = (await request({ type: 'savedIds', paperIds: [paperId] })).saved.includes(paperId);
      } catch {
        truth = undefined;
      }
      if (truth !== undefined) savedOverride.set(paperId, truth);
      else if (before === undefined) savedOverride.delete(paperId);
      else savedOverride.set(paperId, before);
      for (const host of hostsById.get(paperId) ?? []) {
        // Before the click the badge showed the opposite of what was asked (not necessarily "unsaved").
        const shown = truth ?? before ?? !wantSaved;
        setSavedState(host, shown);
        const button = host.shadowRoot?.querySelector('button.save');
        if (button && shown !== wantSaved) button.setAttribute('title', `PaperLens could not ${wantSaved ? 'save' : 'remove'} this paper: ${(e as Error).message}`);
      }
      markRows();
    }
  }

  function place(entry: FoundEntry, key: string, hit: LookupHit) {
    const anchor = entry.anchor;
    const prev = placed.get(anchor);
    if (prev && prev.key === key && prev.host.isConnected && anchor.nextElementSibling === prev.host) return;
    if (prev) {
      prev.host.remove();
      hostsById.get(prev.paperId)?.delete(prev.host);
    }
    if (!anchor.parentNode) return;
    // The entry was predicted before the corpus knew it (e.g. a load finished since): the real badge replaces that.
    const predicted = predictedAt.get(anchor);
    if (predicted) {
      predicted.host.remove();
      predictedHosts.delete(predicted.host);
      predictedAt.delete(anchor);
    }
    const host = prev && prev.key === key ? prev.host : createBadges({ ...hit, saved: isSaved(hit) }, adapter!.id, (want) => void toggle(hit.paper.id, want));
    host.dataset.density = settings?.badgeDensity ?? 'full';
    own.add(host);
    anchor.after(host);
    placed.set(anchor, { key, paperId: hit.paper.id, host });
    let set = hostsById.get(hit.paper.id);
    if (!set) hostsById.set(hit.paper.id, (set = new Set()));
    set.add(host);
    setSavedState(host, isSaved(hit));
  }

  function placePredicted(entry: FoundEntry, key: string, topics: TopicScore[]) {
    const anchor = entry.anchor;
    const prev = predictedAt.get(anchor);
    if (prev && prev.key === key && prev.host.isConnected && anchor.nextElementSibling === prev.host) return;
    prev?.host.remove();
    if (!anchor.parentNode || topics.length === 0) return;
    const host = prev && prev.key === key ? prev.host : createPredicted(topics, adapter!.id);
    own.add(host);
    anchor.after(host);
    predictedAt.set(anchor, { key, host });
    predictedHosts.add(host);
  }

  /** Topics for entries the corpus does not have, classified in the background from title (and abstract). */
  async function predictUnmatched(keyed: Keyed[], gen: number) {
    const ask = new Map<string, { title: string; abstract?: string }>();
    for (const { entry, k } of keyed) {
      if (!k || cache.get(k.key) !== null || predictions.has(k.key) || !k.keys.title) continue;
      const abstract = entry.abstract && entry.abstract.length <= LIMITS.abstract ? entry.abstract : undefined;
      ask.set(k.key, abstract ? { title: k.keys.title, abstract } : { title: k.keys.title });
    }
    const keys = [...ask.keys()];
    for (let i = 0; i < keys.length; i += LIMITS.lookupEntries) {
      const chunk = keys.slice(i, i + LIMITS.lookupEntries);
      try {
        const { results } = await request({ type: 'predict', entries: chunk.map((k) => ask.get(k)!) });
        chunk.forEach((k, j) => predictions.set(k, results[j] ?? []));
      } catch (e) {
        warnOnce('topic prediction failed', e);
        return;
      }
    }
    if (signal.aborted || gen !== generation || !showPredicted()) return;
    let placedSinceYield = 0;
    for (const { entry, k } of keyed) {
      const topics = k && cache.get(k.key) === null ? predictions.get(k.key) : undefined;
      if (!k || !topics) continue;
      if (++placedSinceYield > PLACE_SLICE) {
        placedSinceYield = 0;
        await yieldToPage();
        if (signal.aborted || gen !== generation || !showPredicted()) return;
      }
      try {
        placePredicted(entry, k.key, topics);
      } catch (e) {
        warnOnce('could not place predicted topics', e);
      }
    }
  }

  /**
   * Looks up `keys` (messages of at most the limit), each entry as `entryOf` gives it, and passes on the answer's
   * `idsSuffice`; false when one failed.
   */
  async function lookUp(keys: string[], entryOf: (key: string) => EntryKeys, done: (key: string, hit: LookupHit | null, idsSuffice?: true) => void) {
    for (let i = 0; i < keys.length; i += LIMITS.lookupEntries) {
      const chunk = keys.slice(i, i + LIMITS.lookupEntries);
      try {
        const { results, idsSuffice } = await request({ type: 'lookup', entries: chunk.map(entryOf) });
        chunk.forEach((k, j) => done(k, results[j] ?? null, idsSuffice));
      } catch (e) {
        warnOnce('lookup failed', e);
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the page's entries in slices (one task each, SCAN_SLICE_MS) and starts each slice's lookup as soon as it
   * is read. Entries with an arXiv id are looked up by it alone
   * (on a 2,000-entry listing the titles are most of the message, and building it took the main thread
   * for tens of ms); `second` asks those the corpus has no paper for again with their titles, since the
   * background also matches such an entry by title (a paper without an arXiv id). Same answers as one
   * lookup of every key, and the matches by id (nearly all, on arXiv and Hugging Face) come sooner.
   */
  function scan(adapter: SiteAdapter) {
    /** The adapter's entries not read yet: undefined before the first slice, null once all are read. */
    let rows: Iterator<FoundEntry> | undefined | null;
    const keyed: Keyed[] = [];
    const ask = new Map<string, EntryKeys>();
    const missed = new Set<string>();
    const read = (most: number): Slice | undefined => {
      const from = keyed.length;
      const known = ask.size;
      const until = performance.now() + SCAN_SLICE_MS;
      try {
        rows ??= (adapter.entries ?? adapter.findEntries)(document, url)[Symbol.iterator]();
        // At least one entry per slice: an array-returning adapter's findEntries may use up the time by itself.
        for (let r; rows && keyed.length - from < most; ) {
          if ((r = rows.next()).done) rows = null;
          else {
            const k = keyOf(r.value);
            keyed.push({ entry: r.value, k });
            // A key asked by an earlier slice keeps its place: only this slice's new keys are sent.
            if (k && !cache.has(k.key)) ask.set(k.key, k.keys);
            if (performance.now() > until) break;
          }
        }
      } catch (e) {
        // What was read before the throw still counts.
        warnOnce('adapter failed on this page', e);
        rows = null;
      }
      if (keyed.length === from) return;
      const first = lookUp(
        [...ask.keys()].slice(known),
        (key) => {
          const { arxivId } = ask.get(key)!;
          return arxivId ? { arxivId } : ask.get(key)!;
        },
        (key, hit, idsSuffice) => {
          const { arxivId, title } = ask.get(key)!;
          // Without a title, asking again would be the same question (a DOI is not used when there is an id); and
          // when every paper of the corpus has an arXiv id (idsSuffice), an id that found nothing is final.
          if (!hit && arxivId && title && !idsSuffice) missed.add(key);
          else cache.set(key, hit);
        },
      );
      // The next slice in a task of its own (none when all are read: a short page waits for no extra task). A scan
      // no pass uses (the URL changed, the site is off) reads on, as the one-task scan did: its answers stay in `cache`.
      const next = rows ? new Promise<Slice | undefined>((resolve) => nextTask(() => resolve(signal.aborted ? undefined : read(Infinity)))) : undefined;
      return { first, next };
    };
    return {
      adapter,
      keyed,
      missed,
      head: read(FIRST_SLICE),
      second: () => lookUp([...missed], (key) => ask.get(key)!, (key, hit) => void cache.set(key, hit)),
    };
  }

  /** The scan started while the settings were read (end of startContent): the first pass takes it over. */
  let early: ReturnType<typeof scan> | undefined;

  async function scanOnce() {
    if (!adapter) {
      rowEntries = [];
      return;
    }
    const gen = generation;
    const s = early?.adapter === adapter ? early : scan(adapter);
    early = undefined;
    const { keyed, missed } = s;
    /** Places the hits of these keys (all when undefined); false when cut short (aborted, adapter changed). */
    const placeHits = async (only?: Set<string>) => {
      let placedSinceYield = 0;
      for (const { entry, k } of keyed) {
        const hit = k && (!only || only.has(k.key)) && cache.get(k.key);
        // One entry that cannot be badged (e.g. the page defined its own <paperlens-badges>) must not stop the rest.
        if (!hit) continue;
        // Long listings (arXiv shows up to 2,000 entries) are badged in slices, so the page never stalls.
        // Not time slices: every yield lets the page render a frame, and on a 2,000-entry page each
        // frame's pre-paint and layout cost 50-200 ms (profiled), far more than placing 150 badges.
        if (++placedSinceYield > PLACE_SLICE) {
          placedSinceYield = 0;
          await yieldToPage();
          if (signal.aborted || gen !== generation) return false;
        }
        try {
          place(entry, k.key, hit);
        } catch (e) {
          warnOnce('could not place a badge', e);
        }
      }
      return true;
    };
    // Forget hosts the page threw away (re-rendering lists), so bookkeeping stays bounded.
    for (const [id, set] of hostsById) {
      for (const host of set) if (!host.isConnected) set.delete(host);
      if (set.size === 0) hostsById.delete(id);
    }
    for (const host of predictedHosts) if (!host.isConnected) predictedHosts.delete(host);
    // Every slice's answer (by id), then the matches placed together. Not slice by slice: every badge
    // placed before the page gets the main thread back costs a frame of layout and pre-paint of the whole
    // page (~80 ms on 2,000 rows, traced), and placing the first slice's badges early delayed the last
    // badge by 100-300 ms. Aborted, or the site was switched off or the URL changed adapter meanwhile: stop.
    for (let slice = s.head; slice; slice = await slice.next) {
      if (!(await slice.first) || signal.aborted || gen !== generation) return;
    }
    rowEntries = keyed.flatMap(({ entry, k }) => (k ? [{ anchor: entry.anchor, key: k.key }] : []));
    // The matches by id first; the titles of the id misses are asked only then (building that message is
    // main-thread time the first badges should not wait for).
    if (!(await placeHits()) || !(await s.second()) || signal.aborted || gen !== generation || !(await placeHits(missed))) return;
    markRows();
    // Matched badges are in place: predictions for the rest come second, so they never delay them.
    if (showPredicted()) await predictUnmatched(keyed, gen);
    if (!signal.aborted && gen === generation) markRows();
  }

  async function pass() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await scanOnce();
      } while (again && !signal.aborted);
    } finally {
      running = false;
    }
  }

  function pageEntries(): PageEntriesResponse {
    const matched = new Map<string, PageEntry>();
    let unmatched = 0;
    for (const { key } of rowEntries) {
      const hit = cache.get(key);
      if (!hit) unmatched++;
      else if (!matched.has(hit.paper.id)) matched.set(hit.paper.id, { ...hit, saved: isSaved(hit) });
    }
    return { ok: true, site: adapter?.id ?? null, siteName: adapter?.name ?? null, matched: [...matched.values()], unmatched };
  }

  function removePredicted() {
    for (const host of predictedHosts) host.remove();
    predictedHosts.clear();
    predictedAt = new WeakMap();
  }

  function removeAllBadges() {
    for (const set of hostsById.values()) for (const host of set) host.remove();
    hostsById.clear();
    placed = new WeakMap();
    removePredicted();
    rowEntries = [];
    rowMarks.clear();
  }

  /**
   * Applies the settings to this page: picks the adapter for the URL (a change removes our badges and
   * rescans; none means stop), shows or removes predicted topics, and sets every badge's density.
   */
  function applySettings(previous?: Settings) {
    if (!settings) return;
    for (const set of hostsById.values()) for (const host of set) host.dataset.density = settings.badgeDensity;
    const next = adapterForPage(url, settings);
    if (next !== adapter) {
      generation++;
      removeAllBadges();
      adapter = next;
      if (adapter) void pass();
      return;
    }
    const predictedBefore = previous?.showPredictedTopics ?? true;
    if (predictedBefore && !showPredicted()) removePredicted();
    else if (!predictedBefore && showPredicted() && adapter) void pass();
    markRows();
  }

  // Answers go through sendResponse, never a returned promise: the Chrome content script uses Chrome's own
  // namespace (utils/content/native-browser.ts), whose onMessage does not take promises.
  const onMessage = (msg: unknown, _sender: unknown, sendResponse: (res: unknown) => void) => {
    if (isSavedChanged(msg)) {
      setSaved(msg.paperId, msg.saved);
      return undefined;
    }
    if (isLibraryChanged(msg)) {
      void refreshSaved();
      return undefined;
    }
    if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'corpusChanged') {
      // The background finished loading a corpus: entries it had no paper for may have one now.
      for (const [key, hit] of cache) if (hit === null) cache.delete(key);
      if (adapter) void pass();
      return undefined;
    }
    if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'pageEntries') {
      sendResponse(pageEntries());
      return undefined;
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);

  watchPage({
    signal,
    isOwn: (node) => own.has(node),
    onChange: () => void pass(),
    onLocationChange: (next) => {
      url = next;
      early = undefined;
      applySettings(settings);
      void pass();
    },
  });

  const stopWatching = watchSettings((next) => {
    const previous = settings;
    settings = next;
    applySettings(previous);
  });

  signal.addEventListener(
    'abort',
    () => {
      browser.runtime.onMessage.removeListener(onMessage);
      stopWatching();
      // An orphaned script (extension updated or disabled) takes its dead buttons (and row marks) with it.
      removeAllBadges();
    },
    { once: true },
  );

  // The settings are read while the page's entries are found and looked up: on the pages the manifest
  // injects this script into, the site adapter is known from the URL alone. Nothing is placed before the
  // settings say the site is on (applySettings → pass → scanOnce takes this scan over); for a site switched
  // off the answers are only kept in `cache`. The generic adapter (extra sites) waits for the settings.
  const reading = readSettings();
  const site = siteAdapterFor(url);
  // In a task of its own: on a big page the script's evaluation is a long task already. Not when the
  // settings came first (the pass they started scanned).
  if (site)
    setTimeout(() => {
      if (settings || signal.aborted) return;
      early = scan(site);
      // The badges' stylesheet is parsed while the lookup is under way, not when the first badge is made.
      prepareStyles();
    });
  reading.then(
    (initial) => {
      // A change that arrived while reading is newer: keep it.
      settings ??= initial;
      if (!signal.aborted) applySettings(settings);
      early = undefined;
    },
    (e: unknown) => warnOnce('could not read settings', e),
  );
}
