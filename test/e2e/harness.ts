// End-to-end harness: serves saved pages under their real https URLs and drives the built extension in
// Debian's Chromium through playwright-core.
//
// How the real URLs work offline: a throwaway self-signed certificate (SAN = every mapped host) and an HTTPS
// server on 127.0.0.1:<random port>; Chromium's `--host-resolver-rules` maps each host to that port, so the page
// URL stays `https://huggingface.co/papers` and the manifest's real match patterns are exercised. Every other host
// resolves to nothing (`MAP * ~NOTFOUND`), so no request can leave the machine; tests still record all requests
// to assert the extension makes none. See /work/shared/notes/toolchain.md for the flags and pitfalls.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import type { CorpusFile, Paper } from '../../utils/core/types';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(REPO_ROOT, '.output/chrome-mv3');
/** Hosts always mapped to the local server (the sites the extension claims), besides the hosts of served pages. */
export const DEFAULT_HOSTS = ['huggingface.co', 'arxiv.org', 'www.arxiv.org'];

// ---------------------------------------------------------------------------------------------------------------
// Preconditions

/** Debian's chromium (override with $CHROMIUM_PATH). Throws with the install command when it is missing. */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'chromium'));
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) {
    throw new Error('Chromium not found at /usr/bin/chromium (nor `chromium` on PATH). Install it: apt-get install -y chromium');
  }
  return found;
}

export function assertExtensionBuilt(dir = EXTENSION_DIR): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`The built extension is missing (${dir}/manifest.json). Run: npm run build`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Temp dirs and certificate

/** One mkdtemp root for everything a test file creates (cert, profiles); `remove()` deletes it all. */
export class TempRoot {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'paperlens-e2e-'));
  private n = 0;
  /** A fresh sub-directory (e.g. a Chromium profile that survives a browser restart). */
  sub(name: string): string {
    const dir = path.join(this.dir, `${name}-${++this.n}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  }
}

function makeCertificate(dir: string, hosts: string[]): { key: Buffer; cert: Buffer } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const san = [...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', keyFile, '-out', certFile,
      '-subj', '/CN=paperlens-e2e', '-addext', `subjectAltName=${san}`,
    ], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`openssl failed to create the test certificate (apt-get install -y openssl): ${String(err)}`);
  }
  return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTPS page server

export interface ServedPage {
  body: string | Buffer;
  contentType?: string;
}
export type PageInput = string | ServedPage | { html: string };
export type PageMap = Map<string, PageInput> | Record<string, PageInput>;

export interface RecordedRequest {
  /** Full URL as the browser asked for it: https://<Host header><path>. */
  url: string;
  method: string;
  status: number;
}

/** Canonical form used as the map key, so `https://arxiv.org/search/?query=a b` and its encoded form agree. */
export function canonicalUrl(url: string): string {
  return new URL(url).href;
}

export class PageServer {
  readonly requests: RecordedRequest[] = [];
  private readonly pages = new Map<string, ServedPage>();
  private server!: Server;
  port = 0;

  private constructor(readonly hosts: string[]) {}

  /**
   * Starts the server. `hosts` is fixed for the server's life (it is baked into the certificate and Chromium's
   * resolver rules): DEFAULT_HOSTS + the hosts of the initial pages + `extraHosts`.
   */
  static async start(root: TempRoot, pages: PageMap = new Map(), extraHosts: string[] = []): Promise<PageServer> {
    const entries = pages instanceof Map ? [...pages] : Object.entries(pages);
    const hosts = [...new Set([...DEFAULT_HOSTS, ...extraHosts, ...entries.map(([u]) => new URL(u).hostname)])];
    const self = new PageServer(hosts);
    for (const [url, page] of entries) self.setPage(url, page);
    const tls = makeCertificate(root.sub('cert'), hosts);
    self.server = createServer(tls, (req, res) => {
      const url = `https://${req.headers.host ?? 'unknown'}${req.url ?? '/'}`;
      let page: ServedPage | undefined;
      try {
        page = self.pages.get(canonicalUrl(url));
      } catch {
        page = undefined;
      }
      const status = page ? 200 : 404;
      self.requests.push({ url, method: req.method ?? 'GET', status });
      res.writeHead(status, {
        'content-type': page?.contentType ?? 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(page ? page.body : 'not found');
    });
    await new Promise<void>((resolve, reject) => {
      self.server.once('error', reject);
      self.server.listen(0, '127.0.0.1', () => resolve());
    });
    self.port = (self.server.address() as AddressInfo).port;
    return self;
  }

  /** Serves `page` at `url` (replacing any page there). The host must be one of `hosts`. */
  setPage(url: string, page: PageInput): void {
    const host = new URL(url).hostname;
    if (!this.hosts.includes(host)) {
      throw new Error(`${host} is not mapped to the test server (mapped: ${this.hosts.join(', ')}); pass it in extraHosts`);
    }
    const served: ServedPage =
      typeof page === 'string' ? { body: page } : 'html' in page ? { body: page.html } : page;
    this.pages.set(canonicalUrl(url), served);
  }

  addPage(url: string, page: PageInput): void {
    this.setPage(url, page);
  }

  removePage(url: string): void {
    this.pages.delete(canonicalUrl(url));
  }

  has(url: string): boolean {
    return this.pages.has(canonicalUrl(url));
  }

  /** URLs currently served. */
  urls(): string[] {
    return [...this.pages.keys()];
  }

  /** The HTML served at `url` (undefined when not served). */
  body(url: string): string | undefined {
    const b = this.pages.get(canonicalUrl(url))?.body;
    return b === undefined ? undefined : b.toString();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Chromium `--host-resolver-rules`: every served host to the local port, everything else unresolvable. */
export function hostResolverRules(hosts: string[], port: number): string {
  return [...hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND'].join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Browser with the extension

/**
 * Flags for every Chromium we start (with or without the extension): the served hosts mapped to the local server,
 * everything else unresolvable, and none of Chromium's own background traffic (this machine has no network).
 */
export function chromiumArgs(server: PageServer): string[] {
  return [
    `--host-resolver-rules=${hostResolverRules(server.hosts, server.port)}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--metrics-recording-only',
  ];
}

export interface LaunchOptions {
  server: PageServer;
  /** Profile directory. Pass the same one again after `close()` to restart with the same profile. */
  userDataDir?: string;
  /** Default: true unless $PAPERLENS_HEADED=1. */
  headless?: boolean;
  extensionPath?: string;
  viewport?: { width: number; height: number } | null;
  /** Where to put a profile when `userDataDir` is not given (removed on close). */
  tempRoot?: TempRoot;
  /**
   * Let Playwright close the browser and exit(130) on SIGINT/SIGTERM (its default). Long-running callers that clean
   * up themselves (the headed demo) pass false.
   */
  handleSignals?: boolean;
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker; wakes it (CDP ServiceWorker.startWorker) when it is not running. */
  sw(): Promise<Worker>;
  /** Opens chrome-extension://ID/popup.html[?tabId=N] in a new tab. */
  popup(tabId?: number): Promise<Page>;
  /** Brings `page` to the front and asks the service worker for the active tab's id. */
  activeTabId(page: Page): Promise<number>;
  /** runtime.sendMessage from an extension page (the SW does not receive its own messages). */
  send<T = unknown>(message: unknown, from?: Page): Promise<T>;
  /**
   * Stops the extension's service worker through CDP (ServiceWorker.stopAllWorkers) and waits until CDP reports it
   * stopped: its in-memory state is gone, IndexedDB stays. The next event (a message, `sw()`) starts it again.
   */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

const EXT_WAIT_MS = 20_000;

export async function launchExtension(opts: LaunchOptions): Promise<ExtensionSession> {
  const executablePath = findChromium();
  const extensionPath = path.resolve(opts.extensionPath ?? EXTENSION_DIR);
  assertExtensionBuilt(extensionPath);
  const ownRoot = opts.userDataDir ? undefined : (opts.tempRoot ? undefined : new TempRoot());
  const userDataDir = opts.userDataDir ?? (opts.tempRoot ?? ownRoot!).sub('profile');
  const headless = opts.headless ?? process.env.PAPERLENS_HEADED !== '1';

  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      handleSIGINT: opts.handleSignals ?? true,
      handleSIGTERM: opts.handleSignals ?? true,
      // Playwright adds --disable-extensions by default; --disable-extensions-except wins anyway, but be explicit.
      ignoreDefaultArgs: ['--disable-extensions'],
      viewport: opts.viewport === undefined ? { width: 1280, height: 900 } : opts.viewport,
      args: [
        `--disable-extensions-except=${extensionPath}`,
        `--load-extension=${extensionPath}`,
        ...chromiumArgs(opts.server),
      ],
    })
    .catch((err: unknown) => {
      ownRoot?.remove();
      throw new Error(`Chromium (${executablePath}) did not start: ${String(err)}`);
    });

  const isExtWorker = (w: Worker) => w.url().startsWith('chrome-extension://');
  let extensionId: string;
  try {
    const first =
      context.serviceWorkers().find(isExtWorker) ??
      (await context.waitForEvent('serviceworker', { predicate: isExtWorker, timeout: EXT_WAIT_MS }));
    extensionId = new URL(first.url()).host;
  } catch (err) {
    await context.close().catch(() => {});
    ownRoot?.remove();
    throw new Error(`The extension's service worker did not start (${extensionPath}): ${String(err)}`);
  }
  const origin = `chrome-extension://${extensionId}`;
  const ownWorker = (w: Worker) => w.url().startsWith(`${origin}/`);

  // Service-worker control through CDP's ServiceWorker domain, on a dedicated blank tab opened on first use (the
  // domain lives on page targets; activeTabId() calls sw() before bringing its page to the front for that reason). Playwright keeps one Worker object per extension worker across stop/start (the DevTools target
  // survives), but evaluating in it while the worker is stopped hangs, so track the running status here.
  let swControl: Promise<{ session: CDPSession; status: () => string; waitFor: (s: string) => Promise<void> }> | undefined;
  function serviceWorkerControl() {
    swControl ??= (async () => {
      const page = await context.newPage();
      await page.goto('about:blank#paperlens-sw-control');
      const session = await context.newCDPSession(page);
      let status = 'unknown';
      const waiters: Array<{ want: string; resolve: () => void }> = [];
      session.on('ServiceWorker.workerVersionUpdated', (event) => {
        for (const v of event.versions) {
          if (!v.scriptURL.startsWith(`${origin}/`)) continue;
          status = v.runningStatus;
          for (const w of waiters.filter((x) => x.want === status)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      });
      const waitFor = (want: string) =>
        status === want
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`service worker did not become ${want} (is ${status})`)), EXT_WAIT_MS);
              waiters.push({ want, resolve: () => (clearTimeout(timer), resolve()) });
            });
      const known = new Promise<void>((resolve) => {
        const check = () => (status !== 'unknown' ? resolve() : setTimeout(check, 20));
        check();
      });
      await session.send('ServiceWorker.enable');
      await Promise.race([known, new Promise((r) => setTimeout(r, 5_000))]);
      return { session, status: () => status, waitFor };
    })();
    return swControl;
  }

  async function sw(): Promise<Worker> {
    const control = await serviceWorkerControl();
    if (control.status() !== 'running') {
      if (control.status() !== 'starting') {
        await control.session.send('ServiceWorker.startWorker', { scopeURL: `${origin}/` });
      }
      await control.waitFor('running');
    }
    return (
      context.serviceWorkers().find(ownWorker) ??
      (await context.waitForEvent('serviceworker', { predicate: ownWorker, timeout: EXT_WAIT_MS }))
    );
  }

  /** Stops the extension's worker (its in-memory state is lost; IndexedDB stays). The next event restarts it. */
  async function stopServiceWorker(): Promise<void> {
    const control = await serviceWorkerControl();
    const stopped = control.waitFor('stopped'); // registered first: the worker may restart right after stopping
    await control.session.send('ServiceWorker.stopAllWorkers');
    await stopped;
  }

  async function popup(tabId?: number): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/popup.html${tabId === undefined ? '' : `?tabId=${tabId}`}`);
    return page;
  }

  async function activeTabId(page: Page): Promise<number> {
    const worker = await sw(); // first: waking the worker must not open a tab after the bringToFront below
    await page.bringToFront();
    const id = await worker.evaluate(async () => {
      const c = (globalThis as any).chrome;
      const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id as number | undefined;
    });
    if (typeof id !== 'number') throw new Error('no active tab found');
    return id;
  }

  async function send<T>(message: unknown, from?: Page): Promise<T> {
    let page = from;
    let temporary = false;
    if (!page) {
      page = context.pages().find((p) => !p.isClosed() && p.url().startsWith(`${origin}/`));
      if (!page) {
        page = await popup();
        temporary = true;
      }
    }
    try {
      return await page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message as any);
    } finally {
      if (temporary) await page.close();
    }
  }

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    ownRoot?.remove();
  }

  return { context, extensionId, userDataDir, sw, popup, activeTabId, send, stopServiceWorker, close };
}

// ---------------------------------------------------------------------------------------------------------------
// Request log: proves that nothing but the served pages (and the assets they themselves reference) was asked for.

export interface SeenRequest {
  url: string;
  resourceType: string;
  /** URL of the frame that issued it ('' for service workers). */
  frameUrl: string;
  fromServiceWorker: boolean;
}

export function recordRequests(context: BrowserContext): SeenRequest[] {
  const seen: SeenRequest[] = [];
  context.on('request', (req) => {
    let frameUrl = '';
    try {
      frameUrl = req.frame().url();
    } catch {
      frameUrl = '';
    }
    seen.push({ url: req.url(), resourceType: req.resourceType(), frameUrl, fromServiceWorker: !!req.serviceWorker() });
  });
  return seen;
}

/** Absolute URLs referenced by a page's own HTML (src/href/srcset/url(...)), resolved against the page URL. */
export function referencedUrls(html: string, pageUrl: string): Set<string> {
  const out = new Set<string>();
  const add = (raw: string) => {
    const v = raw.trim().replace(/&amp;/g, '&');
    if (!v || v.startsWith('#') || /^(javascript|data|mailto):/i.test(v)) return;
    try {
      out.add(new URL(v, pageUrl).href);
    } catch {
      /* not a URL */
    }
  };
  for (const m of html.matchAll(/\b(?:src|href|content|data-src|poster|action)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) add(m[1] ?? m[2] ?? '');
  for (const m of html.matchAll(/\bsrcset\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    for (const part of (m[1] ?? m[2] ?? '').split(',')) add(part.trim().split(/\s+/)[0] ?? '');
  }
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/gi)) add(m[1] ?? '');
  return out;
}

/** Page URLs the browser may ask a mapped host for without any page referencing them. */
const BROWSER_OWN_PATHS = new Set(['/favicon.ico']);

/** Resource types a content script (or a page script) uses to talk to a server; never allowed from a loose textual hint. */
const FETCH_TYPES = new Set(['fetch', 'xhr', 'websocket', 'eventsource', 'ping', 'other']);

/**
 * Requests that break the "no network" rule. Allowed:
 * - the extension's own files (chrome-extension://<its id>/) and data:/blob:/about: URLs; nothing else from the
 *   extension's worker or pages (not even a served page);
 * - the served pages (navigations);
 * - for requests issued by a served page's frame (never by the extension's worker or pages): assets that page's HTML
 *   references in an attribute, and script/style/image/frame loads whose host and file name appear in the page's
 *   own inline code (the saved pages' bundles and analytics snippets build such URLs; none of them resolves:
 *   `MAP * ~NOTFOUND`). A fetch/XHR/beacon must be a served page or literally referenced: a content script's
 *   fetch runs in the page frame, so it is not excused by a loose textual hint.
 */
export function networkViolations(seen: SeenRequest[], server: PageServer, extensionId: string): SeenRequest[] {
  const served = new Set(server.urls());
  const cache = new Map<string, { refs: Set<string>; text: string }>();
  const pageInfo = (pageUrl: string) => {
    let info = cache.get(pageUrl);
    if (!info) {
      const html = server.body(pageUrl) ?? '';
      info = { refs: new Set([...referencedUrls(html, pageUrl)].map(withoutHash)), text: html.replace(/\\\//g, '/') };
      cache.set(pageUrl, info);
    }
    return info;
  };
  return seen.filter((r) => {
    const url = new URL(r.url);
    if (url.protocol === 'chrome-extension:') return url.host !== extensionId;
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return false;
    // The extension's worker and pages may load nothing but the extension's own files.
    if (r.fromServiceWorker || r.frameUrl.startsWith('chrome-extension://')) return true;
    const target = withoutHash(url.href);
    if (served.has(target)) return false;
    if (server.hosts.includes(url.hostname) && BROWSER_OWN_PATHS.has(url.pathname)) return false;
    // A frame's own document request carries no frame URL yet (e.g. the saved HF page's Stripe iframe).
    const frame = withoutHash(r.frameUrl);
    const pages = served.has(frame) ? [frame] : r.frameUrl === '' && r.resourceType === 'document' ? [...served] : [];
    const file = url.pathname.split('/').pop() ?? '';
    return !pages.some((p) => {
      const { refs, text } = pageInfo(p);
      if (refs.has(target)) return true;
      if (FETCH_TYPES.has(r.resourceType)) return false;
      const hostInText = text.includes(url.hostname) || server.hosts.includes(url.hostname);
      return hostInText && file.length > 0 && text.includes(file);
    });
  });
}

function withoutHash(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the popup

/**
 * Every paper id of a popup list (`#panel-page` or `#panel-saved`), in list order. The lists are windowed (only
 * the rows in view are in the DOM), so this scrolls through the list and collects the rows by position.
 */
export async function popupListIds(popup: Page, panel = '#panel-page'): Promise<string[]> {
  return popup.evaluate(async (sel) => {
    const scroller = document.querySelector<HTMLElement>(`${sel} .vlist`);
    if (!scroller) return [];
    const ids = new Map<number, string>();
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    for (let top = 0; ; top += Math.max(1, scroller.clientHeight)) {
      scroller.scrollTop = top;
      scroller.dispatchEvent(new Event('scroll'));
      await frame();
      for (const li of scroller.querySelectorAll<HTMLElement>('li[data-index]')) ids.set(Number(li.dataset.index), li.dataset.paperId ?? '');
      if (top + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = 0;
    return [...ids].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
  }, panel);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the injected UI

export interface BadgeView {
  paperId: string | undefined;
  topics: string | undefined;
  site: string | undefined;
  match: string | undefined;
  /** Text of the element the badge follows (the entry's title element). */
  previousText: string;
  shadow: 'open' | 'none';
  chips: { topic: string | undefined; title: string }[];
  links: { href: string | null; kind: string | undefined; target: string; rel: string }[];
  savePressed: string | null | undefined;
}

/** Every <paperlens-badges> on the page, in document order, read through their open shadow roots. */
export function readBadges(page: Page): Promise<BadgeView[]> {
  return page.$$eval('paperlens-badges', (hosts) =>
    hosts.map((host) => {
      const el = host as HTMLElement;
      const root = el.shadowRoot;
      return {
        paperId: el.dataset.paperId,
        topics: el.dataset.topics,
        site: el.dataset.site,
        match: el.dataset.match,
        previousText: (el.previousElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        shadow: root ? ('open' as const) : ('none' as const),
        chips: [...(root?.querySelectorAll<HTMLElement>('.chip') ?? [])].map((c) => ({ topic: c.dataset.topic, title: c.title })),
        links: [...(root?.querySelectorAll<HTMLAnchorElement>('a.link') ?? [])].map((a) => ({
          href: a.getAttribute('href'),
          kind: a.dataset.kind,
          target: a.target,
          rel: a.rel,
        })),
        savePressed: root?.querySelector('button.save')?.getAttribute('aria-pressed'),
      };
    }),
  );
}

/** Resolves once `page` has exactly `count` badges; rejects with what it saw after `timeout`. */
export async function waitForBadgeCount(page: Page, count: number, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction((n) => document.querySelectorAll('paperlens-badges').length === n, count, { timeout });
  } catch {
    const seen = await page.evaluate(() => document.querySelectorAll('paperlens-badges').length);
    throw new Error(`expected ${count} <paperlens-badges> on ${page.url()}, found ${seen}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus

export const CORPUS_FILE = path.join(REPO_ROOT, 'public/corpus.json');

export function loadCorpus(file = CORPUS_FILE): CorpusFile {
  if (!existsSync(file)) throw new Error(`${file} is missing. Run: npm run corpus`);
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusFile;
}

/** What a badge must show for a paper: topic ids in corpus order and its https links (normalised hrefs). */
export function expectedBadge(paper: Paper): { topics: string[]; links: { href: string; kind: string }[] } {
  return {
    topics: paper.topics.map((t) => t.id),
    links: paper.links.flatMap((l) => {
      try {
        const u = new URL(l.url);
        return u.protocol === 'https:' && !u.username && !u.password ? [{ href: u.href, kind: l.kind }] : [];
      } catch {
        return [];
      }
    }),
  };
}

/** Lower-case, collapsed whitespace: for "the badge follows this paper's title" checks. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Requests the local server received that no served page asked for: anything but a served page, an asset
 * referenced by a served page's HTML, or the browser's favicon probe.
 */
export function serverViolations(server: PageServer): RecordedRequest[] {
  const served = server.urls();
  const referenced = new Set(served.flatMap((u) => [...referencedUrls(server.body(u) ?? "", u)].map(withoutHash)));
  return server.requests.filter((r) => {
    let canonical: string;
    try {
      canonical = canonicalUrl(r.url);
    } catch {
      return true;
    }
    if (served.includes(canonical) || referenced.has(canonical)) return false;
    // Assets the pages' inline code builds (bundles): their file name appears in some served page.
    const file = new URL(canonical).pathname.split('/').pop() ?? '';
    if (file && served.some((u) => (server.body(u) ?? '').replace(/\\\//g, '/').includes(new URL(canonical).pathname))) return false;
    return !BROWSER_OWN_PATHS.has(new URL(canonical).pathname);
  });
}
