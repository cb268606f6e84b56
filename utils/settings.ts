// User settings, stored with WXT's storage helpers. Preferences live in `sync:` (they follow the user's
// browser profile); the extra sites live in `local:` because each one goes with a host permission granted
// to this install only. Every value read back is validated: a corrupted or foreign value falls back to
// its default instead of breaking the content script.
import { storage } from 'wxt/utils/storage';
import { siteAdapterFor } from './sites';
import { generic } from './sites/generic';
import type { SiteAdapter } from './sites/types';

export type BadgeDensity = 'full' | 'compact';

export interface Settings {
  /** Per-site switches keyed by adapter id; a site without an entry is on. */
  sites: Record<string, boolean>;
  /** Topics predicted for papers that are not in the corpus (feature to come). */
  showPredictedTopics: boolean;
  badgeDensity: BadgeDensity;
  /** Extra sites for the generic adapter, normalised `https://host` / `http://host` (see normalizeOrigin). */
  enabledOrigins: string[];
  /** Topic ids chosen in the popup: listing rows of other topics are dimmed. Empty: no highlighting. */
  highlightTopics: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  sites: {},
  showPredictedTopics: true,
  badgeDensity: 'full',
  enabledOrigins: [],
  highlightTopics: [],
});

/** Upper bound on extra sites: each one is a match pattern in a registered content script. */
export const MAX_ORIGINS = 200;
const ADAPTER_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;

// ---------------------------------------------------------------------------------------------------------------
// Validation (pure)

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keeps only `{ adapterId: boolean }` pairs; anything else is dropped (that site is then on). */
export function parseSites(v: unknown): Record<string, boolean> {
  if (!isRecord(v)) return {};
  const out: Record<string, boolean> = {};
  for (const [id, on] of Object.entries(v)) if (ADAPTER_ID.test(id) && typeof on === 'boolean') out[id] = on;
  return out;
}

export function parseBoolean(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

export function parseDensity(v: unknown): BadgeDensity {
  return v === 'full' || v === 'compact' ? v : DEFAULT_SETTINGS.badgeDensity;
}

/**
 * `"https://Example.org/some/page"`, `"example.org"` → `{ origin: 'https://example.org', pattern: 'https://example.org/*' }`.
 * Only http(s); no credentials, wildcards or ports (a match pattern without a port covers every port).
 * A bare host gets https.
 */
export function normalizeOrigin(input: string): { ok: true; origin: string; pattern: string } | { ok: false; error: string } {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Enter a site address, like https://example.org' };
  if (raw.length > 300) return { ok: false, error: 'That address is too long' };
  if (raw.includes('*')) return { ok: false, error: 'Wildcards are not supported: enter one site, like https://example.org' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) && !/^[^/:]+:\d+(\/|$)/.test(raw);
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    return { ok: false, error: `“${raw.slice(0, 80)}” is not a web address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'Only http:// and https:// sites can be enabled' };
  }
  if (url.username || url.password) return { ok: false, error: 'Leave out the user name and password' };
  const host = url.hostname.replace(/\.$/, '');
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
  if (!host || (!host.includes('.') && host !== 'localhost' && !isIp)) {
    return { ok: false, error: `“${host || raw.slice(0, 80)}” is not a complete host name (like example.org)` };
  }
  if (!/^[a-z0-9.\-[\]:]+$/.test(host)) return { ok: false, error: `“${host}” is not a valid host name` };
  const origin = `${url.protocol}//${host}`;
  return { ok: true, origin, pattern: `${origin}/*` };
}

/** The host permission / content-script match pattern of a stored origin. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}

/** Valid, normalised, unique origins (in stored order); invalid entries are dropped. */
export function parseOrigins(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const item of v) {
    if (typeof item !== 'string') continue;
    const n = normalizeOrigin(item);
    // Only exact normalised forms are trusted: a stored path or pattern means the value was tampered with.
    if (n.ok && n.origin === item && !out.includes(n.origin)) out.push(n.origin);
    if (out.length >= MAX_ORIGINS) break;
  }
  return out;
}

/** Up to 50 unique topic-id-shaped strings (the content script does not ship the taxonomy, so ids are not checked against it). */
export function parseTopicIds(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const item of v) {
    if (typeof item === 'string' && /^[a-z0-9][a-z0-9-]{0,59}$/.test(item) && !out.includes(item)) out.push(item);
    if (out.length >= 50) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Storage items

export const siteSwitchesItem = /* @__PURE__ */ storage.defineItem<Record<string, boolean>>('sync:siteSwitches', { fallback: {}, version: 1 });
export const showPredictedTopicsItem = /* @__PURE__ */ storage.defineItem<boolean>('sync:showPredictedTopics', { fallback: true, version: 1 });
export const badgeDensityItem = /* @__PURE__ */ storage.defineItem<BadgeDensity>('sync:badgeDensity', { fallback: 'full', version: 1 });
export const enabledOriginsItem = /* @__PURE__ */ storage.defineItem<string[]>('local:enabledOrigins', { fallback: [], version: 1 });
export const highlightTopicsItem = /* @__PURE__ */ storage.defineItem<string[]>('local:highlightTopics', { fallback: [], version: 1 });

const ITEMS = [siteSwitchesItem, showPredictedTopicsItem, badgeDensityItem, enabledOriginsItem, highlightTopicsItem] as const;

export async function readSettings(): Promise<Settings> {
  const [sites, predicted, density, origins, highlight] = await Promise.all([
    siteSwitchesItem.getValue(),
    showPredictedTopicsItem.getValue(),
    badgeDensityItem.getValue(),
    enabledOriginsItem.getValue(),
    highlightTopicsItem.getValue(),
  ]);
  return {
    sites: parseSites(sites),
    showPredictedTopics: parseBoolean(predicted, DEFAULT_SETTINGS.showPredictedTopics),
    badgeDensity: parseDensity(density),
    enabledOrigins: parseOrigins(origins),
    highlightTopics: parseTopicIds(highlight),
  };
}

export async function setSiteEnabled(id: string, on: boolean): Promise<void> {
  if (!ADAPTER_ID.test(id)) throw new Error(`not an adapter id: ${id}`);
  const sites = parseSites(await siteSwitchesItem.getValue());
  await siteSwitchesItem.setValue({ ...sites, [id]: on });
}

export async function setShowPredictedTopics(on: boolean): Promise<void> {
  await showPredictedTopicsItem.setValue(on);
}

export async function setBadgeDensity(density: BadgeDensity): Promise<void> {
  await badgeDensityItem.setValue(parseDensity(density));
}

/** Topics to highlight on listing pages (popup); `[]` turns highlighting off. */
export async function setHighlightTopics(ids: string[]): Promise<void> {
  await highlightTopicsItem.setValue(parseTopicIds(ids));
}

/** Adds a site (any form normalizeOrigin accepts). Call only after its host permission was granted. */
export async function addEnabledOrigin(input: string): Promise<string> {
  const n = normalizeOrigin(input);
  if (!n.ok) throw new Error(n.error);
  const origins = parseOrigins(await enabledOriginsItem.getValue());
  if (!origins.includes(n.origin)) {
    if (origins.length >= MAX_ORIGINS) throw new Error(`At most ${MAX_ORIGINS} extra sites can be enabled`);
    await enabledOriginsItem.setValue([...origins, n.origin]);
  }
  return n.origin;
}

export async function removeEnabledOrigins(remove: string[]): Promise<void> {
  const origins = parseOrigins(await enabledOriginsItem.getValue());
  const next = origins.filter((o) => !remove.includes(o));
  if (next.length !== origins.length) await enabledOriginsItem.setValue(next);
}

/**
 * Calls `cb` with the whole (validated) settings after any of them changed, in this or another context
 * (storage.onChanged). Several quick changes may be delivered as one call with the latest values.
 * Returns the function that stops watching.
 */
export function watchSettings(cb: (settings: Settings) => void): () => void {
  let seq = 0;
  let stopped = false;
  const changed = () => {
    const mine = ++seq;
    void readSettings().then(
      (s) => {
        // A later change started a later read: only that one is delivered.
        if (!stopped && mine === seq) cb(s);
      },
      (e: unknown) => console.warn('[paperlens] [settings] could not read settings', e),
    );
  };
  const unwatch = ITEMS.map((item) => item.watch(changed));
  return () => {
    stopped = true;
    for (const u of unwatch) u();
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What runs on a page (pure, used by the content script)

export function isSiteEnabled(settings: Pick<Settings, 'sites'>, id: string): boolean {
  return settings.sites[id] !== false;
}

/** Is this page on one of the user's extra sites? Ports are ignored, like match patterns do. */
export function isOriginEnabled(origins: readonly string[], url: URL): boolean {
  return origins.includes(`${url.protocol}//${url.hostname.replace(/\.$/, '')}`);
}

/**
 * The adapter to run on this page under these settings: the claiming site adapter when its switch is on
 * (a switched-off site never falls back to the generic adapter), else the generic adapter on the user's
 * extra sites when "Other sites" is on, else none.
 */
export function adapterForPage(url: URL, settings: Settings): SiteAdapter | undefined {
  const site = siteAdapterFor(url);
  if (site) return isSiteEnabled(settings, site.id) ? site : undefined;
  if (!isSiteEnabled(settings, generic.id)) return undefined;
  return isOriginEnabled(settings.enabledOrigins, url) ? generic : undefined;
}
