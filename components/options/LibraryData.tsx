// Options → "Your library": export the saved papers (BibTeX, CSV, JSON, CSL-JSON: made here from listSaved
// and downloaded through a Blob URL, no network), import a JSON export (merged by the background without
// duplicates), and clear the library after a confirmation dialog (Escape or Cancel keeps everything).
import { useRef, useState } from 'preact/hooks';
import { EXPORT_FORMATS, exportFileName, exportLibrary, type ExportFormat } from '../../utils/core/export';
import { request, requestImport } from '../../utils/api';
import { useLibraryChanges } from '../useLibraryChanges';
import type { LibraryImportResult, SavedItem } from '../../utils/messages';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

async function readText(file: File): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new Error(`${file.name}: this file is not UTF-8 text (a PaperLens library export is a .json file)`);
  }
}

function download(text: string, name: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; give the browser a moment before freeing the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function LibraryData({ announce }: { announce: (text: string) => void }) {
  // The saved items are kept here (and re-read on every savedChanged / libraryChanged push) so that an export
  // button makes its file synchronously, inside the click: a download started after an await can lose the
  // click's user activation (a service worker waking up takes seconds on a busy machine) and be blocked.
  const [items, setItems] = useState<SavedItem[] | null>(null);
  const count = items?.length ?? null;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LibraryImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const clearButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const refresh = () =>
    request({ type: 'listSaved' }).then(
      (res) => setItems(res.items),
      (e: Error) => setError(`Could not read your library: ${e.message}`),
    );

  useLibraryChanges(refresh);

  const exportAs = (format: ExportFormat) => {
    if (!items) return;
    setError(null);
    try {
      const now = Date.now();
      const spec = EXPORT_FORMATS.find((f) => f.format === format)!;
      const name = exportFileName(format, now);
      download(exportLibrary(format, items, now), name, spec.mime);
      announce(`Exported ${plural(items.length, 'paper')} as ${spec.label}: ${name}`);
    } catch (e) {
      setError(`Could not export: ${(e as Error).message}`);
    }
  };

  const importFile = async (file: File) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await requestImport({ type: 'importLibrary', name: file.name, text: await readText(file) });
      setResult(res);
      announce(`Import done: ${res.added} added, ${res.kept} already saved.`);
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const clear = async () => {
    dialog.current?.close();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const { removed } = await request({ type: 'clearLibrary' });
      announce(`Library cleared: ${plural(removed, 'saved paper')} removed.`);
      await refresh();
    } catch (e) {
      setError(`Could not clear the library: ${(e as Error).message}`);
    } finally {
      setBusy(false);
      // The clear button is disabled now that the library is empty: keep the focus in this section.
      heading.current?.focus();
    }
  };

  const empty = count === 0;
  return (
    <section aria-labelledby="your-library-h" class="library-data">
      <h2 id="your-library-h" ref={heading} tabIndex={-1}>
        Your library
      </h2>
      <p class="status" data-testid="library-count" aria-live="polite">
        {count === null ? 'Reading your library…' : `${plural(count, 'saved paper')}`}
      </p>
      <p class="hint">Your saved papers are kept in this browser only. Export them to cite them or to keep a backup.</p>

      <h3 id="export-h">Export</h3>
      <div class="button-row" role="group" aria-labelledby="export-h">
        {EXPORT_FORMATS.map((f) => (
          <button key={f.format} type="button" class="button secondary" disabled={busy || empty} onClick={() => exportAs(f.format)} data-format={f.format}>
            {f.label}
          </button>
        ))}
      </div>
      <p class="hint">
        BibTeX and CSL-JSON for reference managers, CSV for spreadsheets (cells starting with = + - @ get a leading ' so they
        never run as formulas), JSON to import back into PaperLens: the only format that keeps everything, notes included.
      </p>

      <h3>Import</h3>
      <label class="file">
        <span>Import a PaperLens JSON export</span>
        <input
          type="file"
          accept=".json,application/json"
          disabled={busy}
          data-testid="library-import-file"
          aria-describedby="library-import-hint"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void importFile(file).finally(() => (input.value = ''));
          }}
        />
      </label>
      <p class="hint" id="library-import-hint">
        Papers you have not saved are added with their date and note; papers already saved stay as they are. A file with an error
        changes nothing.
      </p>
      {result ? (
        <p role="status" data-testid="library-import-result">
          {plural(result.added, 'paper')} added, {plural(result.kept, 'paper')} already saved (kept)
          {result.notesAdded ? `, ${plural(result.notesAdded, 'note')} added to them` : ''}.
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert" data-testid="library-error">
          {error}
        </p>
      ) : null}

      <h3>Clear</h3>
      <button type="button" class="button danger" ref={clearButton} disabled={busy || empty} onClick={() => dialog.current?.showModal()}>
        Clear library…
      </button>
      <dialog ref={dialog} aria-labelledby="clear-h" aria-describedby="clear-desc" class="confirm" onClose={() => (clearButton.current?.disabled ? heading.current : clearButton.current)?.focus()}>
        <h3 id="clear-h">Remove all saved papers?</h3>
        <p id="clear-desc">
          This removes {count === null ? 'your' : plural(count, 'saved paper')} and their notes from this browser, backup copy included. It cannot be undone:
          export a JSON file first if you may want them back.
        </p>
        <div class="button-row">
          {/* Cancel comes first and has the focus: Enter or Escape right away keeps everything. */}
          <button type="button" class="button secondary" autofocus onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" class="button danger" onClick={() => void clear()}>
            Remove {count === null ? 'all' : plural(count, 'paper')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
