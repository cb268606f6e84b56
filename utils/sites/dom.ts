// Small DOM helpers shared by the site adapters. Pure reads: nothing here changes the page.

import { cleanText } from '../core/normalize';

/** Elements whose text is never part of what a reader sees as the title or abstract. */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

export interface TextOptions {
  /** Drop a leading `span.descriptor` label ("Title:", "Abstract:") as arXiv pages print it. */
  dropDescriptor?: boolean;
  /** Extra elements to leave out (e.g. a "△ Less" toggle link). */
  skip?: (el: Element) => boolean;
}

/** MathJax 2 output around a `<script type="math/tex">` source: previews, rendered glyphs, assistive MathML. */
// Compared with classList (always case-sensitive): arXiv's own `mathjax` marker class must not match, even in quirks mode.
const MATHJAX2_OUTPUT = ['MathJax_Preview', 'MathJax', 'MathJax_Display', 'MathJax_CHTML', 'MathJax_SVG', 'MJX_Assistive_MathML'];

/**
 * The cleaned text of an element as written by the site: `textContent` without script/style
 * nodes and without the glyph soup MathJax inserts after load. MathJax 3 output (`mjx-*`
 * elements) is dropped: it keeps no TeX source in the DOM. MathJax 2 keeps the source in a
 * `<script type="math/tex">`, which is put back as `$…$`, so "MoE$^2$-LoRA" reads the same before
 * and after rendering. Returns '' for a missing element.
 */
/** How deep `elementText` descends below the element. */
export const MAX_TEXT_DEPTH = 256;

export function elementText(el: Element | null | undefined, options: TextOptions = {}): string {
  if (!el) return '';
  const descriptor = options.dropDescriptor ? leadingDescriptor(el) : null;
  const parts: string[] = [];
  // Titles are shallow; a hostile page can nest thousands of levels to exhaust the stack. Text deeper than
  // this is not part of any real title, so it is left out.
  const walk = (node: Node, depth = 0): void => {
    if (depth > MAX_TEXT_DEPTH) return;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 /* TEXT_NODE */) {
        parts.push((child as Text).data);
      } else if (child.nodeType === 1 /* ELEMENT_NODE */) {
        const element = child as Element;
        if (element === descriptor || options.skip?.(element)) continue;
        const tex = mathJax2Source(element);
        if (tex !== undefined) parts.push(tex);
        else if (!isSkipped(element)) walk(element, depth + 1);
      }
    }
  };
  walk(el);
  return cleanText(parts.join(''));
}

function isSkipped(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  return SKIPPED_TAGS.has(tag) || tag.startsWith('MJX-') || MATHJAX2_OUTPUT.some((name) => el.classList.contains(name));
}

/** The TeX of a MathJax 2 source script (`math/tex`, `math/tex; mode=display`), with its delimiters. */
function mathJax2Source(el: Element): string | undefined {
  if (el.tagName.toUpperCase() !== 'SCRIPT') return undefined;
  const type = el.getAttribute('type') ?? '';
  if (!/^math\/tex\b/i.test(type)) return undefined;
  const delimiter = /mode\s*=\s*display/i.test(type) ? '$$' : '$';
  return `${delimiter}${el.textContent ?? ''}${delimiter}`;
}

/** The `span.descriptor` that opens an element, if the element starts with one (only white space before it). */
function leadingDescriptor(el: Element): Element | null {
  for (let child = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3 && !(child as Text).data.trim()) continue;
    if (child.nodeType === 1 && (child as Element).matches('span.descriptor')) return child as Element;
    return null;
  }
  return null;
}

/**
 * Runs selector alternatives in order and returns the matches of the first one that matches
 * anything (a newer layout's selector first, older layouts after it). Never throws.
 */
export function queryFirstAlternative(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    try {
      const found = Array.from(root.querySelectorAll(selector));
      if (found.length > 0) return found;
    } catch {
      // An unsupported selector in one alternative must not break the others.
    }
  }
  return [];
}

/**
 * First element matched by any of the alternatives, tried in order (what queryFirstAlternative(...)[0]
 * is, with querySelector: adapters call this per row, and a 2,000-row listing made 8,000 full lists).
 */
export function queryOne(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    try {
      const found = root.querySelector(selector);
      if (found) return found;
    } catch {
      // An unsupported selector in one alternative must not break the others.
    }
  }
  return null;
}

/** `content` of a `<meta name=…>` (or `property=…`) tag, cleaned; undefined when absent or empty. */
export function metaContent(root: ParentNode, name: string): string | undefined {
  const meta = root.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
  const content = cleanText(meta?.getAttribute('content') ?? '');
  return content || undefined;
}

/** Parses the JSON in an attribute (e.g. Svelte islands' `data-props`); undefined when absent or invalid. */
export function jsonAttribute(el: Element | null | undefined, name: string): unknown {
  const raw = el?.getAttribute(name);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Builds a FoundEntry-shaped object without undefined or empty keys, so results compare cleanly. */
export function compact<T extends object>(entry: T): T {
  const out = {} as T;
  for (const [key, value] of Object.entries(entry) as [keyof T, T[keyof T]][]) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
