import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PaperItem } from '../../components/PaperItem';
import { request } from '../../utils/api';
import { isSavedChanged, type PageEntriesResponse, type SavedItem } from '../../utils/messages';

type View = 'page' | 'saved';

type PageState =
  | { kind: 'loading' }
  | { kind: 'unsupported' }
  | { kind: 'ready'; data: PageEntriesResponse };

/** The tab the popup describes: `?tabId=` (used when the popup is opened as a page), else the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function readPage(): Promise<PageState> {
  const tabId = await targetTabId();
  if (tabId === undefined) return { kind: 'unsupported' };
  try {
    const data = (await browser.tabs.sendMessage(tabId, { type: 'pageEntries' })) as PageEntriesResponse | undefined;
    return data?.ok ? { kind: 'ready', data } : { kind: 'unsupported' };
  } catch {
    // No PaperLens content script in that tab: not a supported page.
    return { kind: 'unsupported' };
  }
}

function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function App() {
  const [view, setView] = useState<View>('page');
  const [page, setPage] = useState<PageState>({ kind: 'loading' });
  const [saved, setSaved] = useState<SavedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const tabs = useRef<Record<View, HTMLButtonElement | null>>({ page: null, saved: null });

  const refresh = useCallback(async () => {
    const [p, s] = await Promise.all([
      readPage(),
      request({ type: 'listSaved' }).then(
        (r) => r.items,
        (e: Error) => {
          setError(e.message);
          return [] as SavedItem[];
        },
      ),
    ]);
    setPage(p);
    setSaved(s);
  }, []);

  useEffect(() => {
    void refresh();
    const onMessage = (msg: unknown) => {
      if (isSavedChanged(msg)) void refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [refresh]);

  const setSavedState = async (paperId: string, title: string, want: boolean) => {
    try {
      setError(null);
      await request(want ? { type: 'save', paperId } : { type: 'unsave', paperId });
      setAnnounce(`${want ? 'Saved' : 'Removed'}: ${title}`);
      await refresh();
    } catch (e) {
      setError(`Could not ${want ? 'save' : 'remove'} “${title}”: ${(e as Error).message}`);
    }
  };

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const next: View = view === 'page' ? 'saved' : 'page';
    setView(next);
    tabs.current[next]?.focus();
    e.preventDefault();
  };

  const pageCount = page.kind === 'ready' ? page.data.matched.length : 0;
  const tab = (id: View, label: string, count: number | null) => (
    <button
      ref={(el) => {
        tabs.current[id] = el;
      }}
      role="tab"
      id={`tab-${id}`}
      aria-selected={view === id}
      aria-controls={`panel-${id}`}
      tabIndex={view === id ? 0 : -1}
      class="tab"
      onClick={() => setView(id)}
      onKeyDown={onTabKey}
    >
      {label}
      {count !== null ? <span class="count"> {count}</span> : null}
    </button>
  );

  return (
    <main class="popup">
      <header class="top">
        <h1>PaperLens</h1>
        <div role="tablist" aria-label="Views" class="tabs">
          {tab('page', 'On this page', page.kind === 'ready' ? pageCount : null)}
          {tab('saved', 'Saved', saved ? saved.length : null)}
        </div>
      </header>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>

      <section id="panel-page" role="tabpanel" aria-labelledby="tab-page" data-view="page" hidden={view !== 'page'}>
        {page.kind === 'loading' ? <p class="muted">Looking at this page…</p> : null}
        {page.kind === 'unsupported' ? (
          <p class="empty" data-testid="empty">
            PaperLens has nothing to show on this page. Open a paper listing on Hugging Face Papers or arXiv (listing, abstract or
            search pages) to see topics and code links here.
          </p>
        ) : null}
        {page.kind === 'ready' ? (
          <>
            <p class="summary">
              {page.data.siteName ? `${page.data.siteName}: ` : ''}
              {page.data.matched.length} {page.data.matched.length === 1 ? 'paper' : 'papers'} in your corpus
              {page.data.unmatched > 0 ? (
                <span data-testid="unmatched-count">
                  {' '}
                  · {page.data.unmatched} {page.data.unmatched === 1 ? 'entry' : 'entries'} not in the corpus
                </span>
              ) : null}
            </p>
            {page.data.matched.length === 0 ? (
              <p class="empty" data-testid="empty">
                {page.data.unmatched > 0
                  ? 'None of the papers on this page is in your corpus yet.'
                  : `PaperLens found no papers here — ${page.data.siteName ?? 'this site'}'s layout may have changed, or the page shows no papers.`}
              </p>
            ) : (
              <ul class="papers">
                {page.data.matched.map(({ paper, saved: isSaved }) => (
                  <PaperItem key={paper.id} paper={paper}>
                    <button
                      type="button"
                      class="save"
                      aria-pressed={isSaved}
                      aria-label={`${isSaved ? 'Remove from saved' : 'Save'}: ${paper.title}`}
                      onClick={() => void setSavedState(paper.id, paper.title, !isSaved)}
                    >
                      {isSaved ? '★ Saved' : '☆ Save'}
                    </button>
                  </PaperItem>
                ))}
              </ul>
            )}
          </>
        ) : null}
      </section>

      <section id="panel-saved" role="tabpanel" aria-labelledby="tab-saved" data-view="saved" hidden={view !== 'saved'}>
        {saved === null ? <p class="muted">Loading your library…</p> : null}
        {saved && saved.length === 0 ? (
          <p class="empty" data-testid="empty">
            No saved papers yet. Press ☆ Save next to a paper on a listing page, or in “On this page”.
          </p>
        ) : null}
        {saved && saved.length > 0 ? (
          <ul class="papers">
            {saved.map((item) => (
              <PaperItem key={item.paperId} paper={item.paper} meta={<>Saved {formatDate(item.savedAt)}</>}>
                <button
                  type="button"
                  class="remove"
                  aria-label={`Remove from saved: ${item.paper.title}`}
                  onClick={() => void setSavedState(item.paperId, item.paper.title, false)}
                >
                  Remove
                </button>
              </PaperItem>
            ))}
          </ul>
        ) : null}
      </section>
    </main>
  );
}
