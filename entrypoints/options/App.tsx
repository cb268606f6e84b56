// PaperLens settings: which sites it runs on, extra sites (with their host permission), how badges look,
// and the state of the bundled corpus. Settings are written straight to storage; open tabs pick them up
// through storage.onChanged (watchSettings), so there is no Save button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ImportPapers } from '../../components/ImportPapers';
import { Backup } from '../../components/options/Backup';
import { Switch } from '../../components/options/Switch';
import { LibraryData } from '../../components/options/LibraryData';
import { request } from '../../utils/api';
import { isLibraryChanged, isSavedChanged, type Status } from '../../utils/messages';
import {
  addEnabledOrigin,
  isSiteEnabled,
  normalizeOrigin,
  originPattern,
  readSettings,
  removeEnabledOrigins,
  setBadgeDensity,
  setShowPredictedTopics,
  setSiteEnabled,
  watchSettings,
  type BadgeDensity,
  type Settings,
} from '../../utils/settings';
import { ADAPTERS } from '../../utils/sites';
import { generic } from '../../utils/sites/generic';

/** At most this many example patterns per site (Google Scholar has dozens of country hosts). */
const MAX_PATTERNS = 3;
/** How long (seconds) the Library line waits for a corpus load in progress before it stops asking. */
const MAX_STATUS_POLLS = 120;

function useSettings(): [Settings | null, (update: (s: Settings) => Settings) => void, string | null] {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    readSettings().then(
      (s) => live && setSettings(s),
      (e: Error) => live && setError(`Could not read the settings: ${e.message}`),
    );
    const stop = watchSettings((s) => live && setSettings(s));
    return () => {
      live = false;
      stop();
    };
  }, []);
  // Optimistic local update; the storage watch confirms it (or corrects it) right after.
  const update = (f: (s: Settings) => Settings) => setSettings((s) => (s ? f(s) : s));
  return [settings, update, error];
}

function SitesSection({ settings, update, onError }: SectionProps) {
  const toggle = (id: string, on: boolean) => {
    update((s) => ({ ...s, sites: { ...s.sites, [id]: on } }));
    setSiteEnabled(id, on).catch((e: Error) => onError(`Could not save the switch: ${e.message}`));
  };
  return (
    <section aria-labelledby="sites-h">
      <h2 id="sites-h">Sites</h2>
      <p class="hint">PaperLens adds badges on these sites. Turning one off removes its badges from open tabs at once.</p>
      <ul class="sites">
        {ADAPTERS.map((adapter) => {
          const isGeneric = adapter.id === generic.id;
          const patterns = adapter.matches.slice(0, MAX_PATTERNS);
          const more = adapter.matches.length - patterns.length;
          return (
            <li key={adapter.id} data-site={adapter.id}>
              <Switch
                id={`site-${adapter.id}`}
                checked={isSiteEnabled(settings, adapter.id)}
                label={isGeneric ? 'Other sites you enable' : adapter.name}
                description={
                  isGeneric ? (
                    <>Citation tags and paper links on the sites listed under “Other sites” below.</>
                  ) : (
                    <>
                      {patterns.map((p, i) => (
                        <span key={p}>
                          {i > 0 ? ', ' : ''}
                          <code>{p}</code>
                        </span>
                      ))}
                      {more > 0 ? ` and ${more} more` : ''}
                    </>
                  )
                }
                onChange={(on) => toggle(adapter.id, on)}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function OtherSitesSection({ settings, onError, announce }: SectionProps) {
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const onSubmit = (e: Event) => {
    e.preventDefault();
    const n = normalizeOrigin(value);
    if (!n.ok) {
      setFieldError(n.error);
      input.current?.focus();
      return;
    }
    if (settings.enabledOrigins.includes(n.origin)) {
      setFieldError(`${n.origin} is already enabled`);
      return;
    }
    setFieldError(null);
    setBusy(true);
    // Asked right here, inside the submit event: browsers only show the prompt during a user gesture.
    browser.permissions
      .request({ origins: [n.pattern] })
      .then(async (granted) => {
        if (!granted) {
          setFieldError(`Permission for ${n.origin} was not granted, so PaperLens will not run there.`);
          return;
        }
        await addEnabledOrigin(n.origin);
        setValue('');
        announce(`PaperLens now runs on ${n.origin}.`);
      })
      .catch((err: Error) => setFieldError(`Could not enable ${n.origin}: ${err.message}`))
      .finally(() => setBusy(false));
  };

  const remove = async (origin: string) => {
    try {
      await removeEnabledOrigins([origin]);
      // Give the permission back too: PaperLens keeps no access it does not use.
      await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
      announce(`Removed ${origin}.`);
      input.current?.focus();
    } catch (err) {
      onError(`Could not remove ${origin}: ${(err as Error).message}`);
    }
  };

  const genericOn = isSiteEnabled(settings, generic.id);
  return (
    <section aria-labelledby="other-h">
      <h2 id="other-h">Other sites</h2>
      <p class="hint" id="origin-help">
        Enable PaperLens on another site (a blog, a lab page, a reading list). It looks for citation tags and links to arXiv,
        Hugging Face papers and DOIs. Your browser asks you to allow access to that site.
        {genericOn ? '' : ' “Other sites you enable” is switched off above, so these sites are paused.'}
      </p>
      <form class="add-origin" onSubmit={onSubmit} noValidate>
        <label for="origin-input">Site address</label>
        <div class="row">
          <input
            ref={input}
            id="origin-input"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder="https://example.org"
            value={value}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? 'origin-help origin-error' : 'origin-help'}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="button" disabled={busy}>
            Enable
          </button>
        </div>
        <p id="origin-error" class="field-error" role="alert" hidden={!fieldError}>
          {fieldError ?? ''}
        </p>
      </form>
      {settings.enabledOrigins.length === 0 ? (
        <p class="hint" data-testid="no-origins">
          No other sites enabled.
        </p>
      ) : (
        <ul class="origins" aria-label="Enabled sites">
          {settings.enabledOrigins.map((origin) => (
            <li key={origin} data-origin={origin}>
              <span class="origin">{origin}</span>
              <button type="button" class="button secondary" aria-label={`Remove ${origin}`} onClick={() => void remove(origin)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DisplaySection({ settings, update, onError }: SectionProps) {
  const setDensity = (density: BadgeDensity) => {
    update((s) => ({ ...s, badgeDensity: density }));
    setBadgeDensity(density).catch((e: Error) => onError(`Could not save the badge size: ${e.message}`));
  };
  const setPredicted = (on: boolean) => {
    update((s) => ({ ...s, showPredictedTopics: on }));
    setShowPredictedTopics(on).catch((e: Error) => onError(`Could not save the setting: ${e.message}`));
  };
  const densities: { value: BadgeDensity; label: string; hint: string }[] = [
    { value: 'full', label: 'Full', hint: 'Topic names, code links and the save button' },
    { value: 'compact', label: 'Compact', hint: 'One small dot per topic; details on hover and focus' },
  ];
  return (
    <section aria-labelledby="display-h">
      <h2 id="display-h">Display</h2>
      <fieldset class="density">
        <legend>Badge size</legend>
        {densities.map((d) => (
          <div class="radio-row" key={d.value}>
            <input
              type="radio"
              name="density"
              id={`density-${d.value}`}
              value={d.value}
              checked={settings.badgeDensity === d.value}
              aria-describedby={`density-${d.value}-desc`}
              onChange={() => setDensity(d.value)}
            />
            <label for={`density-${d.value}`}>{d.label}</label>
            <span id={`density-${d.value}-desc`} class="hint">
              {' '}
              — {d.hint}
            </span>
          </div>
        ))}
      </fieldset>
      <Switch
        id="predicted-topics"
        checked={settings.showPredictedTopics}
        label="Show predicted topics"
        description="For papers that are not in your corpus, show topics guessed from the title and abstract."
        onChange={setPredicted}
      />
    </section>
  );
}

function formatStatus(s: Status): string {
  const papers = `${s.paperCount.toLocaleString('en')} ${s.paperCount === 1 ? 'paper' : 'papers'}`;
  const saved = `${s.savedCount.toLocaleString('en')} saved`;
  const version = s.corpusVersion ? `Corpus ${s.corpusVersion}` : s.corpusError ? 'No corpus loaded' : 'Corpus loading…';
  return `${version} · ${papers} · ${saved}`;
}

function LibrarySection({ announce }: { announce: (text: string) => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const load = () =>
      request({ type: 'status' }).then(
        (s) => {
          setStatus(s);
          setError(null);
          // Right after install the background is still loading the corpus: ask again until it is done.
          clearTimeout(timer);
          if (!s.corpusVersion && !s.corpusError && polls++ < MAX_STATUS_POLLS) timer = setTimeout(() => void load(), 1000);
        },
        (e: Error) => setError(`Could not read the library status: ${e.message}`),
      );
    void load();
    const onMessage = (msg: unknown) => {
      if (isSavedChanged(msg) || isLibraryChanged(msg)) void load();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, []);

  const reload = async () => {
    setBusy(true);
    try {
      const s = await request({ type: 'reloadCorpus' });
      setStatus(s);
      setError(null);
      announce(s.corpusError ? 'The bundled corpus could not be loaded.' : `Bundled corpus reloaded: ${formatStatus(s)}.`);
    } catch (e) {
      setError(`Could not reload the corpus: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="library-h">
      <h2 id="library-h">Library</h2>
      <p class="status" data-testid="status" aria-busy={status === null && !error}>
        {status ? formatStatus(status) : error ? '' : 'Reading the library…'}
      </p>
      {status?.corpusError ? (
        <p class="error" role="alert" data-testid="corpus-error">
          {status.corpusError}
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" class="button" onClick={() => void reload()} disabled={busy} aria-describedby="reload-hint">
        {busy ? 'Reloading…' : 'Reload bundled corpus'}
      </button>
      <p class="hint" id="reload-hint">
        Loads the corpus that ships with PaperLens again. Your saved papers stay.
      </p>
    </section>
  );
}

interface SectionProps {
  settings: Settings;
  update: (f: (s: Settings) => Settings) => void;
  onError: (message: string) => void;
  announce: (text: string) => void;
}

export function App() {
  const [settings, update, readError] = useSettings();
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const props = settings ? { settings, update, onError: setError, announce: setMessage } : null;
  return (
    <main class="options">
      <h1>PaperLens settings</h1>
      {readError || error ? (
        <p class="error" role="alert">
          {readError ?? error}
        </p>
      ) : null}
      <p class="sr-only" aria-live="polite" data-testid="announce">
        {message}
      </p>
      {props ? (
        <>
          <SitesSection {...props} />
          <OtherSitesSection {...props} />
          <DisplaySection {...props} />
        </>
      ) : (
        <p class="hint">Loading settings…</p>
      )}
      <LibrarySection announce={setMessage} />
      <LibraryData announce={setMessage} />
      <ImportPapers />
      <Backup />
    </main>
  );
}
