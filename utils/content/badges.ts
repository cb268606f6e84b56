// The injected UI: one <paperlens-badges> host per matched entry, with an open shadow root so the
// page's CSS cannot break it and its CSS cannot leak. Built with DOM APIs only: page and corpus
// text go in as textContent or attribute values, never as HTML.
import type { LinkKind, TopicScore } from '../core/types';
import { topicLabel, topicTooltip } from '../core/topic-labels';
import { displayHost, safeHttpsUrl } from '../core/url';
import type { LookupHit } from '../messages';

/** Public contract (tools outside the code rely on it): tag name and data attributes. */
export const HOST_TAG = 'paperlens-badges';
/** Host of topics predicted for a paper that is not in the corpus (no data-paper-id: there is no corpus paper). */
export const PREDICTED_TAG = 'paperlens-predicted';

const LINK_LABEL: Record<LinkKind, string> = { code: 'Code', model: 'Model', project: 'Project', other: 'Link' };
const MATCH_WORDS: Record<LookupHit['matchedBy'], string> = { id: 'arXiv id', title: 'exact title', fuzzy: 'fuzzy title' };

/** "matched by fuzzy title (score 0.93)": how the entry was matched, for the badge's tooltip. */
export function matchDescription(hit: Pick<LookupHit, 'matchedBy' | 'matchScore'>): string {
  const words = MATCH_WORDS[hit.matchedBy] ?? hit.matchedBy;
  return hit.matchScore !== undefined ? `matched by ${words} (score ${hit.matchScore.toFixed(2)})` : `matched by ${words}`;
}

const CSS = `
:host { all: initial; display: inline; }
.wrap { display: inline-flex; flex-wrap: wrap; gap: 4px; align-items: center; vertical-align: middle;
  margin: 2px 0 2px 6px; font: 500 11.5px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.chip, .link, .save { border-radius: 999px; padding: 0 8px; border: 1px solid transparent; white-space: nowrap;
  font: inherit; text-decoration: none; cursor: default; }
.chip { background: #eef2ff; color: #3730a3; border-color: #c7d2fe; }
.link { background: #ecfdf5; color: #065f46; border-color: #a7f3d0; cursor: pointer; }
.link[data-kind="model"] { background: #fff7ed; color: #9a3412; border-color: #fed7aa; }
.link[data-kind="project"], .link[data-kind="other"] { background: #f0f9ff; color: #075985; border-color: #bae6fd; }
.chip.predicted { background: transparent; border-style: dashed; font-style: italic; }
.save { background: #fff; color: #374151; border-color: #d1d5db; cursor: pointer; }
.save[aria-pressed="true"] { background: #fef3c7; color: #92400e; border-color: #fcd34d; }
/* Compact density (options): topics as small dots, links and the toggle as short pills; labels stay in tooltips. */
:host([data-density="compact"]) .chip { font-size: 0; width: 9px; height: 9px; padding: 0; vertical-align: middle; }
:host([data-density="compact"]) .wrap { gap: 3px; font-size: 10.5px; }
:host([data-density="compact"]) :is(.link, .save) { padding: 0 5px; }
/* In a listing row dimmed by topic highlighting (utils/content/rows.ts): grey, colour only (cheap on long lists). */
:host([data-dimmed]) :is(.chip, .link, .save) { background: transparent; color: #6b7280; border-color: #d1d5db; }
:is(.chip, .link, .save):focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.link:hover, .save:hover { filter: brightness(0.96); }
@media (prefers-color-scheme: dark) {
  .chip { background: #1e1b4b; color: #c7d2fe; border-color: #3730a3; }
  .link { background: #022c22; color: #a7f3d0; border-color: #065f46; }
  .link[data-kind="model"] { background: #431407; color: #fed7aa; border-color: #9a3412; }
  .link[data-kind="project"], .link[data-kind="other"] { background: #082f49; color: #bae6fd; border-color: #075985; }
  .save { background: #111827; color: #e5e7eb; border-color: #4b5563; }
  .save[aria-pressed="true"] { background: #451a03; color: #fde68a; border-color: #92400e; }
  :host([data-dimmed]) :is(.chip, .link, .save) { background: transparent; color: #9ca3af; border-color: #4b5563; }
}
`;

let sharedSheet: CSSStyleSheet | null | undefined;

/** Builds the shared stylesheet now (the controller does it while its first lookup is under way). */
export function prepareStyles(): void {
  if (sharedSheet !== undefined) return;
  try {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(CSS);
  } catch {
    sharedSheet = null;
  }
}

/** One constructable stylesheet shared by every badge on the page; a <style> per root where unsupported. */
function applyStyles(root: ShadowRoot): void {
  prepareStyles();
  if (sharedSheet) {
    try {
      root.adoptedStyleSheets = [sharedSheet];
      return;
    } catch {
      // Firefox content scripts cannot adopt sheets built in their own compartment: fall through.
    }
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.append(style);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function setSavedState(host: HTMLElement, saved: boolean): void {
  // Public, for styles and tools: `data-saved="true"` on the host of a saved paper.
  host.dataset.saved = String(saved);
  const button = host.shadowRoot?.querySelector<HTMLButtonElement>('button.save');
  if (!button) return;
  button.setAttribute('aria-pressed', String(saved));
  button.textContent = saved ? '★ Saved' : '☆ Save';
  button.title = saved ? 'Saved in PaperLens — click to remove' : 'Save to PaperLens';
}

/**
 * A host element (`tag`) with its shadow root, the shared styles and the `.wrap` span holding a chip
 * per topic (worded as predictions for `predicted`); the caller appends the rest to `wrap`.
 */
function shell(tag: string, topics: TopicScore[], site: string, title: string, predicted?: boolean) {
  const host = document.createElement(tag);
  host.dataset.topics = topics.map((t) => t.id).join(' ');
  host.dataset.site = site;
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  const wrap = el('span', 'wrap');
  wrap.title = title;
  for (const topic of topics) {
    const tip = topicTooltip(topic);
    const chip = el('span', predicted ? 'chip predicted' : 'chip', topicLabel(topic.id));
    chip.dataset.topic = topic.id;
    chip.title = predicted ? `Predicted (not in your corpus): ${tip}` : tip;
    chip.tabIndex = 0;
    chip.setAttribute('role', 'note');
    chip.setAttribute('aria-label', `${predicted ? 'Predicted topic' : 'Topic'}: ${tip}`);
    wrap.append(chip);
  }
  root.append(wrap);
  return { host, wrap };
}

/**
 * Builds the badge host for a matched entry. `onToggle` is called with the wanted saved state when
 * the user presses the save toggle.
 */
export function createBadges(hit: LookupHit, site: string, onToggle: (wantSaved: boolean) => void): HTMLElement {
  const { paper } = hit;
  const { host, wrap } = shell(HOST_TAG, paper.topics, site, `PaperLens — ${matchDescription(hit)}`);
  host.dataset.paperId = paper.id;
  host.dataset.match = hit.matchedBy;
  for (const link of paper.links) {
    const href = safeHttpsUrl(link.url);
    if (!href) continue;
    const a = el('a', 'link', LINK_LABEL[link.kind] ?? 'Link');
    a.dataset.kind = link.kind;
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.title = `${LINK_LABEL[link.kind] ?? 'Link'}: ${displayHost(href)}${new URL(href).pathname.replace(/\/$/, '')}`;
    a.addEventListener('click', (e) => e.stopPropagation());
    wrap.append(a);
  }
  const save = el('button', 'save');
  save.type = 'button';
  save.addEventListener('click', (e) => {
    // Badges can sit inside the page's own links and click handlers: keep the click ours.
    e.preventDefault();
    e.stopPropagation();
    // The shadow root is open, so page scripts can reach this button: only a real user's click counts.
    if (!e.isTrusted) return;
    onToggle(save.getAttribute('aria-pressed') !== 'true');
  });
  wrap.append(save);
  setSavedState(host, hit.saved);
  return host;
}

/** Builds the host for an entry not in the corpus: its predicted topics, styled and worded as predictions. */
export function createPredicted(topics: TopicScore[], site: string): HTMLElement {
  return shell(PREDICTED_TAG, topics, site, 'PaperLens — not in your corpus: topics predicted from what this page shows', true).host;
}
