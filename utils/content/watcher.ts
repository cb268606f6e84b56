// One shared watcher for pages that render or grow client-side (Hugging Face hydration, infinite
// scroll, in-app navigation): debounced DOM mutations plus location changes trigger a re-scan.
// Mutations that only touch PaperLens' own hosts are ignored, so inserting badges never loops.

export interface WatchOptions {
  /** Called (debounced) when the page's DOM changed in a way that may add entries. */
  onChange: () => void;
  /** Called when the URL changed without a reload (pushState, popstate). */
  onLocationChange: (url: URL) => void;
  /** Is this node one of ours? Mutations made only of our nodes do not count. */
  isOwn: (node: Node) => boolean;
  signal: AbortSignal;
}

/** Quiet time before a re-scan, and the longest a busy page can postpone one. */
const DEBOUNCE_MS = 40;
const MAX_WAIT_MS = 250;
/** How often to compare location.href (SPA routers do not fire events content scripts can see). */
const LOCATION_POLL_MS = 500;

export function watchPage(opts: WatchOptions): void {
  const { signal } = opts;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPending = 0;

  const fire = () => {
    timer = undefined;
    firstPending = 0;
    if (!signal.aborted) opts.onChange();
  };
  const schedule = () => {
    const now = Date.now();
    if (!firstPending) firstPending = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, now - firstPending >= MAX_WAIT_MS ? 0 : DEBOUNCE_MS);
  };

  const relevant = (records: MutationRecord[]) =>
    records.some((r) => {
      for (const n of r.addedNodes) if (n.nodeType === 1 /* ELEMENT_NODE */ && !opts.isOwn(n)) return true;
      for (const n of r.removedNodes) if (n.nodeType === 1 && !opts.isOwn(n)) return true;
      return false;
    });

  const observer = new MutationObserver((records) => {
    if (relevant(records)) schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  let lastHref = location.href;
  const checkLocation = () => {
    if (location.href === lastHref) return;
    lastHref = location.href;
    opts.onLocationChange(new URL(lastHref));
  };
  const poll = setInterval(checkLocation, LOCATION_POLL_MS);
  window.addEventListener('popstate', checkLocation);

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      window.removeEventListener('popstate', checkLocation);
    },
    { once: true },
  );
}
