// Row-level marks on listing pages: a subtle "saved" edge on the rows of saved papers, and topic highlighting
// (settings.highlightTopics): rows whose paper has none of the chosen topics are dimmed, never removed.
// Both are one data attribute on the page's own row element plus ONE injected stylesheet; switching off
// removes the attributes and the stylesheet, which leaves the page exactly as it was.
//
// A row is the entry's closest list item (li, tr, article, a <dt>/<dd> pair, or a site's row container). An entry
// with no such ancestor, or alone on its page (a paper's own page), is left alone; a "row" holding several entries is dimmed only
// when all of them are.

export const DIM_ATTR = 'data-paperlens-dim';
export const SAVED_ATTR = 'data-paperlens-saved';
const STYLE_ID = 'paperlens-row-marks';
// Generic list items, then the row containers of the supported sites that use none (Scholar .gs_r, PMLR div.paper,
// Semantic Scholar .cl-paper-row, ACL Anthology's d-sm-flex rows); <dt>/<dd> pairs (arXiv, CVF) are joined below.
const ROW_SELECTOR = 'li, tr, article, dd, dt, [role="listitem"], .gs_r, div.paper, .cl-paper-row, div.d-sm-flex';

/** Set on our own badge host in a dimmed row: its shadow stylesheet greys the chips (utils/content/badges.ts). */
export const HOST_DIM_ATTR = 'data-dimmed';

// Dimming fades the text colour, not `opacity`: opacity on 1,000+ rows makes each one a stacking context, and
// the first frame after dimming a 2,000-entry arXiv listing took 5 s (headless Chromium) against ~0.3 s for
// colour. A row the keyboard focus is in shows normally.
const CSS = `
[${DIM_ATTR}]:not(:focus-within) { color: color-mix(in srgb, currentColor 40%, transparent) !important; }
[${DIM_ATTR}]:not(:focus-within) * { color: inherit !important; }
[${SAVED_ATTR}] { box-shadow: inset 3px 0 0 #f59e0b !important; }
`;

const HOST_TAGS = new Set(['PAPERLENS-BADGES', 'PAPERLENS-PREDICTED']);

/** Our badge host right after the entry's title, if any. */
function hostAfter(anchor: Element): Element | undefined {
  const next = anchor.nextElementSibling;
  return next && HOST_TAGS.has(next.tagName) ? next : undefined;
}

export interface RowState {
  anchor: Element;
  /** Topic ids of the paper (corpus, else predicted); undefined when it has none known. */
  topics: readonly string[] | undefined;
  saved: boolean;
}

/** The row elements of an entry: its closest list item; a <dt> with its <dd>s (or a <dd> with its <dt>). */
export function rowOf(anchor: Element): Element[] {
  const row = anchor.closest(ROW_SELECTOR);
  if (!row || row === document.body || row === document.documentElement) return [];
  if (row.tagName === 'DD') {
    const dt = row.previousElementSibling;
    return dt?.tagName === 'DT' ? [dt, row] : [row];
  }
  if (row.tagName === 'DT') {
    const out = [row];
    for (let next = row.nextElementSibling; next?.tagName === 'DD'; next = next.nextElementSibling) out.push(next);
    return out;
  }
  return [row];
}

export function createRowMarks(markOwn: (node: Node) => void) {
  const rowsOf = new WeakMap<Element, Element[]>();
  /** Rows (and badge hosts) we set an attribute on, to undo exactly. */
  const marked = new Set<Element>();
  const dimmedHosts = new Set<Element>();
  let style: HTMLStyleElement | null = null;

  const ensureStyle = () => {
    if (style?.isConnected) return;
    style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    markOwn(style);
    (document.head ?? document.documentElement).append(style);
  };

  /** Removes every attribute and the stylesheet. */
  function clear(): void {
    for (const row of marked) {
      row.removeAttribute(DIM_ATTR);
      row.removeAttribute(SAVED_ATTR);
    }
    marked.clear();
    for (const host of dimmedHosts) host.removeAttribute(HOST_DIM_ATTR);
    dimmedHosts.clear();
    style?.remove();
    style = null;
  }

  /** Sets the marks of these entries (the page's current ones); rows no longer listed lose theirs. */
  function apply(all: readonly RowState[], highlight: readonly string[]): void {
    // One entry: the page is that paper's own page (its "row" would be the whole article), not a listing.
    const entries = all.length < 2 ? [] : all;
    const chosen = new Set(highlight);
    const want = new Map<Element, { dim: boolean; saved: boolean }>();
    const hostsDim = new Map<Element, boolean>();
    for (const { anchor, topics, saved } of entries) {
      // Nothing to mark (no topic chosen, not saved): the same as leaving the entry out, and a 2,000-entry
      // listing needs no lookup of its rows (~10-25 ms) after its badges are in.
      if (!chosen.size && !saved) continue;
      let rows = rowsOf.get(anchor);
      if (!rows) {
        rows = rowOf(anchor);
        if (anchor.isConnected) rowsOf.set(anchor, rows);
      }
      const dim = chosen.size > 0 && !(topics ?? []).some((t) => chosen.has(t));
      const host = rows.length ? hostAfter(anchor) : undefined;
      if (host) hostsDim.set(host, dim);
      for (const row of rows) {
        const w = want.get(row);
        // A row holding several entries is dimmed only if all of them are, and marked saved if any is.
        want.set(row, w ? { dim: w.dim && dim, saved: w.saved || saved } : { dim, saved });
      }
    }
    for (const row of marked) {
      if (want.has(row)) continue;
      row.removeAttribute(DIM_ATTR);
      row.removeAttribute(SAVED_ATTR);
      marked.delete(row);
    }
    let any = false;
    for (const [row, { dim, saved }] of want) {
      // Only real changes touch the DOM: a re-scan of an unchanged 2,000-row page restyles nothing.
      if (row.hasAttribute(DIM_ATTR) !== dim) row.toggleAttribute(DIM_ATTR, dim);
      if (row.hasAttribute(SAVED_ATTR) !== saved) row.toggleAttribute(SAVED_ATTR, saved);
      if (dim || saved) {
        marked.add(row);
        any = true;
      } else marked.delete(row);
    }
    for (const host of dimmedHosts) if (!hostsDim.get(host)) host.removeAttribute(HOST_DIM_ATTR);
    dimmedHosts.clear();
    for (const [host, dim] of hostsDim) {
      if (!dim) continue;
      if (!host.hasAttribute(HOST_DIM_ATTR)) host.setAttribute(HOST_DIM_ATTR, '');
      dimmedHosts.add(host);
    }
    if (any) ensureStyle();
    else if (style) {
      style.remove();
      style = null;
    }
  }

  return { apply, clear };
}
