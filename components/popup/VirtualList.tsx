// A windowed list with fixed-height rows and a roving tabindex, for the popup's result lists (a library of
// 5,000 saved papers renders ~15 rows, whatever its size). Hand-written: ~120 lines, no dependency to add to an
// extension that ships none; the window arithmetic is the pure `windowRange` (unit-tested).
//
// Keyboard: the current row is the list's one Tab stop; Up/Down, PageUp/PageDown, Home/End move it (scrolling
// it into view, so it is rendered), Enter on a row opens its paper (clicks its `a.open-paper`), Tab then goes
// through the current row's own controls. Rows carry aria-setsize/aria-posinset, since most are not in the DOM.
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { nextIndex, windowRange } from '../../utils/library-view';

export interface VirtualListApi {
  /** Makes row `index` current, scrolls it into view and focuses it. */
  focusRow(index: number): void;
}

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling viewport in px (the list is shorter when its rows take less). */
  maxHeight: number;
  getKey: (item: T) => string;
  renderRow: (item: T, index: number, current: boolean) => ComponentChildren;
  rowLabel: (item: T) => string;
  /** Extra attributes of a row's `<li>` (class, data-*). */
  rowProps?: (item: T) => Record<string, string>;
  label: string;
  /** When this changes (a new search or sort), the list goes back to its top. */
  resetKey?: string;
  apiRef?: Ref<VirtualListApi>;
  testId?: string;
}

export function VirtualList<T>(props: Props<T>) {
  const { items, rowHeight, maxHeight } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [current, setCurrent] = useState(0);
  const focusPending = useRef(false);
  const count = items.length;
  const at = Math.min(current, Math.max(0, count - 1));
  const height = Math.min(maxHeight, count * rowHeight);

  const reveal = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * rowHeight;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + rowHeight > next + height) next = top + rowHeight - height;
    if (next !== el.scrollTop) el.scrollTop = next;
    setScrollTop(next);
  };

  const focusRow = (index: number) => {
    if (count === 0) return;
    const i = Math.min(Math.max(index, 0), count - 1);
    focusPending.current = true;
    setCurrent(i);
    reveal(i);
  };

  useImperativeHandle(props.apiRef ?? null, () => ({ focusRow }), [count, height, rowHeight]);

  useEffect(() => {
    setCurrent(0);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [props.resetKey]);

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`li[data-index="${at}"]`)?.focus({ preventScroll: true });
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    if (e.key === 'Enter' && target.matches('li[data-index]')) {
      target.querySelector<HTMLAnchorElement>('a.open-paper')?.click();
      e.preventDefault();
      return;
    }
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const next = nextIndex(e.key, at, count, page);
    if (next === null) return;
    e.preventDefault();
    focusRow(next);
  };

  const onFocusIn = (e: FocusEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('li[data-index]');
    const i = row ? Number(row.dataset.index) : NaN;
    if (Number.isInteger(i) && i !== at) setCurrent(i);
  };

  const { start, end } = windowRange(scrollTop, height, rowHeight, count);
  const rows = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rows.push(
      <li
        key={props.getKey(item)}
        {...(props.rowProps?.(item) ?? {})}
        data-index={i}
        tabIndex={i === at ? 0 : -1}
        aria-label={props.rowLabel(item)}
        aria-setsize={count}
        aria-posinset={i + 1}
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
      >
        {props.renderRow(item, i, i === at)}
      </li>,
    );
  }

  return (
    <div
      ref={scroller}
      class="vlist"
      style={{ height: `${height}px` }}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      data-testid={props.testId}
    >
      <ul class="papers" aria-label={props.label} style={{ height: `${count * rowHeight}px` }} onKeyDown={onKeyDown} onFocusIn={onFocusIn}>
        {rows}
      </ul>
    </div>
  );
}
