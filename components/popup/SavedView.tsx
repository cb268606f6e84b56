// The popup's Saved view: search, topic filter chips, sort, the count line, a windowed list of saved papers with
// notes and remove (with an Undo bar for 8 s). Filtering and sorting are the pure utils/library-view.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { PaperItem } from '../PaperItem';
import { NoteEditor } from './NoteEditor';
import { VirtualList, type VirtualListApi } from './VirtualList';
import { request } from '../../utils/api';
import { countLine, parseSort, querySaved, SORTS, topicCounts, type SavedSort } from '../../utils/library-view';
import type { SavedItem } from '../../utils/messages';

export const SAVED_ROW_HEIGHT = 100;
const LIST_HEIGHT = 340;
const LIST_HEIGHT_WITH_NOTE = 200;
export const UNDO_MS = 8000;
/** Topic chips shown before "All N topics" (the most frequent; chosen ones always show). */
const CHIPS_SHOWN = 8;

function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

type Focus = { index: number } | { paperId: string } | null;

export function SavedView({
  items,
  refresh,
  announce,
  onError,
}: {
  items: SavedItem[];
  refresh: () => Promise<void>;
  announce: (text: string) => void;
  onError: (text: string | null) => void;
}) {
  const [text, setText] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [sort, setSort] = useState<SavedSort>('saved-desc');
  const [undo, setUndo] = useState<SavedItem | null>(null);
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [focus, setFocus] = useState<Focus>(null);
  const [allChips, setAllChips] = useState(false);
  const list = useRef<VirtualListApi>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const undoButton = useRef<HTMLButtonElement>(null);
  const search = useRef<HTMLInputElement>(null);

  const shown = useMemo(() => querySaved(items, { text, topics, sort }), [items, text, topics, sort]);
  const chips = useMemo(() => topicCounts(items, text), [items, text]);
  const summary = countLine(shown.length, items.length);

  // Announce the result of a search or filter change once typing settles (not on every library refresh).
  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) {
      firstQuery.current = false;
      return;
    }
    const t = setTimeout(() => announce(summary), 500);
    return () => clearTimeout(t);
  }, [text, topics, sort]);

  useEffect(() => {
    if (!focus) return;
    const index = 'index' in focus ? focus.index : shown.findIndex((i) => i.paperId === focus.paperId);
    if (index >= 0 && shown.length) list.current?.focusRow(index);
    // Nothing left to focus in the list (the last match was removed): the search box, not the page body.
    else if (!shown.length) search.current?.focus();
    setFocus(null);
  }, [shown, focus]);

  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const toggleTopic = (id: string) => setTopics((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t, id]));

  const remove = async (item: SavedItem, index: number) => {
    try {
      onError(null);
      await request({ type: 'unsave', paperId: item.paperId });
      if (noteFor === item.paperId) setNoteFor(null);
      clearTimeout(undoTimer.current);
      setUndo(item);
      undoTimer.current = setTimeout(() => {
        if (document.activeElement === undoButton.current) setFocus({ index: 0 });
        setUndo(null);
      }, UNDO_MS);
      announce(`Removed: ${item.paper.title}. Undo is available for ${UNDO_MS / 1000} seconds.`);
      await refresh();
      setFocus({ index });
    } catch (e) {
      onError(`Could not remove “${item.paper.title}”: ${(e as Error).message}`);
    }
  };

  const restore = async () => {
    if (!undo) return;
    const item = undo;
    clearTimeout(undoTimer.current);
    setUndo(null);
    try {
      onError(null);
      await request({ type: 'restoreSaved', paperId: item.paperId });
      announce(`Restored: ${item.paper.title}`);
      await refresh();
      setFocus({ paperId: item.paperId });
    } catch (e) {
      onError(`Could not restore “${item.paper.title}”: ${(e as Error).message}`);
    }
  };

  const editing = noteFor ? items.find((i) => i.paperId === noteFor) : undefined;
  const filtered = text.trim() !== '' || topics.length > 0;

  const undoBar = undo ? (
    <div class="statusbar" data-testid="undo-bar">
      <span class="statusbar-text">
        Removed “<span class="statusbar-title">{undo.paper.title}</span>”
      </span>
      <button ref={undoButton} type="button" class="btn undo" aria-label={`Undo remove: ${undo.paper.title}`} onClick={() => void restore()}>
        Undo
      </button>
    </div>
  ) : null;

  if (items.length === 0) {
    return (
      <>
        <p class="empty" data-testid="empty">
          No saved papers yet. Press ☆ Save next to a paper on a listing page, or in “On this page”.
        </p>
        {undoBar}
      </>
    );
  }

  return (
    <>
      <div class="controls">
        <input
          ref={search}
          type="search"
          class="search"
          aria-label="Search saved papers"
          placeholder="Search titles, topics, notes"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <select aria-label="Sort saved papers" class="sort" value={sort} onChange={(e) => setSort(parseSort(e.currentTarget.value))}>
          {SORTS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {chips.length ? (
        <div class="filter-chips" role="group" aria-label="Filter by topic" data-testid="topic-filter">
          {(allChips ? chips : chips.filter((c, i) => i < CHIPS_SHOWN || topics.includes(c.id))).map((c) => (
            <button
              key={c.id}
              type="button"
              class="fchip"
              data-topic={c.id}
              aria-pressed={topics.includes(c.id)}
              aria-label={`${c.label}, ${c.count} ${c.count === 1 ? 'paper' : 'papers'}`}
              onClick={() => toggleTopic(c.id)}
            >
              {c.label} <span class="fcount">{c.count}</span>
            </button>
          ))}
          {chips.length > CHIPS_SHOWN ? (
            <button type="button" class="linkish more" aria-expanded={allChips} onClick={() => setAllChips(!allChips)}>
              {allChips ? 'Fewer topics' : `All ${chips.length} topics`}
            </button>
          ) : null}
        </div>
      ) : null}
      <p class="summary">
        <span data-testid="saved-count">{summary}</span>
        {filtered ? (
          <>
            {' · '}
            <button
              type="button"
              class="linkish"
              onClick={() => {
                setText('');
                setTopics([]);
              }}
            >
              Clear search and filters
            </button>
          </>
        ) : null}
      </p>
      {shown.length === 0 ? (
        <p class="empty" data-testid="no-results">
          No saved paper matches{text.trim() ? ` “${text.trim()}”` : ''}
          {topics.length ? ' with the chosen topics' : ''}.
        </p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={SAVED_ROW_HEIGHT}
          maxHeight={editing ? LIST_HEIGHT_WITH_NOTE : LIST_HEIGHT}
          getKey={(i) => i.paperId}
          rowLabel={(i) => i.paper.title}
          rowProps={(i) => ({ class: 'paper saved-row', 'data-paper-id': i.paperId })}
          label="Saved papers"
          resetKey={`${text}\u0000${topics.join(',')}\u0000${sort}`}
          apiRef={list}
          testId="saved-list"
          renderRow={(item, index, current) => {
            const tab = current ? 0 : -1;
            return (
              <>
                <PaperItem paper={item.paper} tabIndex={tab}>
                  <button
                    type="button"
                    class="note-btn"
                    tabIndex={tab}
                    aria-label={`${item.note ? 'Edit note' : 'Add note'}: ${item.paper.title}`}
                    aria-expanded={noteFor === item.paperId}
                    onClick={() => setNoteFor(noteFor === item.paperId ? null : item.paperId)}
                  >
                    {item.note ? 'Note ✎' : 'Add note'}
                  </button>
                  <button
                    type="button"
                    class="remove"
                    tabIndex={tab}
                    aria-label={`Remove from saved: ${item.paper.title}`}
                    onClick={() => void remove(item, index)}
                  >
                    Remove
                  </button>
                </PaperItem>
                <p class="row-meta">
                  <span class="meta">Saved {formatDate(item.savedAt)}</span>
                  {item.note ? (
                    <>
                      <span aria-hidden="true"> · </span>
                      <span class="note-snippet" data-testid="note-snippet">
                        {item.note.slice(0, 200)}
                      </span>
                    </>
                  ) : null}
                </p>
              </>
            );
          }}
        />
      )}
      {editing ? (
        <NoteEditor
          key={editing.paperId}
          item={editing}
          onError={(m) => onError(m)}
          onClose={(ok) => {
            if (!ok) return;
            const id = editing.paperId;
            setNoteFor(null);
            announce(`Note saved: ${editing.paper.title}`);
            setFocus({ paperId: id });
          }}
        />
      ) : null}
      {undoBar}
    </>
  );
}
