// Options → "Backup": the copy of the saved library that the background keeps in browser.storage.local
// (utils/backup.ts). Shows how many saved papers it holds and when it was last written, says when the
// background restored an emptied library from it, and restores by hand: adds back what the library lacks,
// never deletes.
import { useState } from 'preact/hooks';
import { request } from '../../utils/api';
import { useLibraryChanges } from '../useLibraryChanges';
import type { Ok } from '../../utils/messages';

type Status = Ok<'backupStatus'>;

const when = (ms: number) => new Date(ms).toLocaleString('en');
const papers = (n: number) => `${n.toLocaleString('en')} saved ${n === 1 ? 'paper' : 'papers'}`;

export function Backup() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () =>
    request({ type: 'backupStatus' }).then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (e: Error) => setError(`Could not read the backup: ${e.message}`),
    );

  useLibraryChanges(refresh);

  const restore = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await request({ type: 'restoreBackup' });
      setResult(
        r.restored === 0
          ? `Nothing to restore: your library already has all ${papers(r.alreadySaved)} of the backup.`
          : `Restored ${papers(r.restored)}${r.alreadySaved ? ` (${r.alreadySaved.toLocaleString('en')} ${r.alreadySaved === 1 ? 'was' : 'were'} already in your library)` : ''}.`,
      );
      await refresh();
    } catch (e) {
      setError(`Could not restore from the backup: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p class="hint">PaperLens keeps a copy of your saved papers in a second storage area of your browser, on this device only.</p>
      <p class="status" data-testid="backup-status" aria-busy={status === null && !error}>
        {status
          ? status.count === 0
            ? 'The backup is empty.'
            : `The backup holds ${papers(status.count)}${status.writtenAt ? `, last written ${when(status.writtenAt)}` : ''}.`
          : error
            ? ''
            : 'Reading the backup…'}
      </p>
      {status?.autoRestored ? (
        <p class="hint" data-testid="backup-auto-restored">
          On {when(status.autoRestored.at)} PaperLens found your saved library empty and restored {papers(status.autoRestored.count)} from the
          backup.
        </p>
      ) : null}
      {status?.lastError ? (
        <p class="error" role="alert" data-testid="backup-write-error">
          {status.lastError}
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert" data-testid="backup-error">
          {error}
        </p>
      ) : null}
      <button type="button" class="button" onClick={() => void restore()} disabled={busy || !status || status.count === 0} aria-describedby="backup-hint">
        {busy ? 'Restoring…' : 'Restore saved papers from backup'}
      </button>
      <p class="hint" id="backup-hint">
        Adds back the saved papers your library lacks. Nothing is deleted or overwritten.
      </p>
      {result ? (
        <p role="status" data-testid="backup-result">
          {result}
        </p>
      ) : null}
    </section>
  );
}
