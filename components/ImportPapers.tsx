// Options → "Add papers": import a file or pasted text (seed format, corpus JSON, BibTeX). The background parses,
// classifies and writes it all or nothing; this shows progress, the summary, and the imports with a remove button.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { request, requestImport } from '../utils/api';
import type { ImportRecord } from '../utils/imports';
import type { Ok } from '../utils/messages';

type Result = Ok<'importText'>;

async function readFile(file: File): Promise<string> {
  // Strict UTF-8: a binary or mis-encoded file is refused here, with its name, before anything is sent.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`${file.name}: this file is not UTF-8 text (is it a PDF or a binary file?)`);
  }
}

export function ImportPapers({ onChanged }: { onChanged?: () => void }) {
  const [imports, setImports] = useState<ImportRecord[]>([]);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => setImports((await request({ type: 'listImports' })).imports);

  useEffect(() => {
    void refresh().catch((e: Error) => setError(e.message));
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: string; done?: number; total?: number };
      if (m?.type === 'importProgress' && typeof m.done === 'number' && typeof m.total === 'number') setProgress({ done: m.done, total: m.total });
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);

  const run = async (name: string, text: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    setProgress(null);
    try {
      const res = await requestImport({ type: 'importText', name, text: await text() });
      setResult(res);
      await refresh();
      onChanged?.();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const remove = async (record: ImportRecord) => {
    setError(null);
    try {
      await request({ type: 'removeImport', importId: record.importId });
      await refresh();
      onChanged?.();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="import-heading" class="import">
      <h2 id="import-heading">Add papers</h2>
      <p class="hint">
        Add your own papers to the corpus: a BibTeX file, a PaperLens corpus JSON file, or text with a title line then an abstract
        line per paper. They are classified in your browser; nothing is sent anywhere. A file with an error changes nothing.
      </p>
      <label class="file">
        <span>Import a file</span>
        <input
          type="file"
          accept=".bib,.bibtex,.json,.txt,text/plain,application/json"
          disabled={busy}
          data-testid="import-file"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            if (file) void run(file.name, () => readFile(file)).finally(() => (input.value = ''));
          }}
        />
      </label>
      <label class="paste">
        <span>…or paste text</span>
        <textarea rows={4} value={pasted} disabled={busy} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <button type="button" class="button" disabled={busy || !pasted.trim()} onClick={() => void run('Pasted text', async () => pasted)}>
        Import pasted text
      </button>
      {busy ? (
        <div class="progress" role="status">
          <progress max={progress?.total ?? undefined} value={progress?.done ?? undefined} aria-label="Import progress" />
          <span>{progress ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} papers written` : 'Reading and classifying…'}</span>
        </div>
      ) : null}
      {error ? (
        <p class="error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {result ? (
        <div class="summary" role="status" data-testid="import-summary">
          <p>
            {result.summary.added} added, {result.summary.updated} updated, {result.summary.skipped} skipped as duplicates,{' '}
            {result.rejected.length} rejected ({result.format}).
          </p>
          {result.rejected.length ? (
            <ul class="rejected">
              {result.rejected.slice(0, 10).map((r, i) => (
                <li key={i}>
                  {r.line ? `line ${r.line}: ` : ''}
                  {r.title ? `“${r.title}”: ` : ''}
                  {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <h3>Your imports</h3>
      {imports.length === 0 ? (
        <p class="hint" data-testid="imports-empty">
          No imports yet.
        </p>
      ) : (
        <ul class="imports" data-testid="imports">
          {imports.map((r) => (
            <li key={r.importId} data-import-id={r.importId}>
              <span>
                {r.name} · {r.paperCount} papers · {new Date(r.date).toLocaleDateString()}
              </span>
              <button type="button" class="button" onClick={() => void remove(r)} aria-label={`Remove import ${r.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
