// The note of one saved paper: plain text in a textarea (never rendered as HTML), saved 800 ms after typing stops,
// on blur, and when closed. The draft is local, so a library refresh while typing does not overwrite it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../utils/api';
import { LIMITS, type SavedItem } from '../../utils/messages';

const DEBOUNCE_MS = 800;

export function NoteEditor({
  item,
  onClose,
  onError,
}: {
  item: SavedItem;
  onClose: (saved: boolean) => void;
  onError: (message: string) => void;
}) {
  const [draft, setDraft] = useState(item.note ?? '');
  const [state, setState] = useState<'saved' | 'unsaved' | 'saving'>('saved');
  const lastSaved = useRef(item.note ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const save = async (): Promise<boolean> => {
    clearTimeout(timer.current);
    const text = draftRef.current;
    if (text === lastSaved.current) return true;
    setState('saving');
    try {
      await request({ type: 'setNote', paperId: item.paperId, note: text });
      lastSaved.current = text;
      setState(draftRef.current === text ? 'saved' : 'unsaved');
      return true;
    } catch (e) {
      setState('unsaved');
      onError(`Could not save the note: ${(e as Error).message}`);
      return false;
    }
  };

  useEffect(() => {
    area.current?.focus();
    // Closing the popup unloads the page: save what is left (the message still goes out).
    const flush = () => void save();
    addEventListener('pagehide', flush);
    return () => {
      removeEventListener('pagehide', flush);
      void save();
    };
  }, []);

  const close = async () => onClose(await save());
  const id = `note-${item.paperId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <section class="note-editor" aria-labelledby={`${id}-label`} data-testid="note-editor">
      <label id={`${id}-label`} for={id} class="note-label">
        Note for <span class="note-title">{item.paper.title}</span>
      </label>
      <textarea
        ref={area}
        id={id}
        rows={5}
        maxLength={LIMITS.note}
        value={draft}
        aria-describedby={`${id}-state`}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          draftRef.current = e.currentTarget.value;
          setState('unsaved');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            void close();
          }
        }}
      />
      <div class="note-bar">
        <span id={`${id}-state`} class="meta" data-testid="note-state">
          {state === 'saving' ? 'Saving…' : state === 'unsaved' ? 'Not saved yet' : 'Saved'} · {draft.length.toLocaleString('en')} /{' '}
          {LIMITS.note.toLocaleString('en')}
        </span>
        <button type="button" class="btn" onClick={() => void close()}>
          Done
        </button>
      </div>
    </section>
  );
}
