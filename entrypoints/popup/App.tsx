import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PaperItem } from '../../components/PaperItem';
import { HighlightTopics } from '../../components/popup/HighlightTopics';
import { SavedView } from '../../components/popup/SavedView';
import { Shortcut } from '../../components/popup/Shortcut';
import { VirtualList } from '../../components/popup/VirtualList';
import { request } from '../../utils/api';
import { useLibraryChanges } from '../../components/useLibraryChanges';
import type { PageEntriesResponse, PageEntry, SavedItem } from '../../utils/messages';

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

const VIEWS: readonly View[] = ['page', 'saved'];
export const PAGE_ROW_HEIGHT = 84;

export function App() {
  const [view, setView] = useState<View>('page');
  const [page, setPage] = useState<PageState>({ kind: 'loading' });
  const [saved, setSaved] = useState<SavedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounceText] = useState('');
  const tabs = useRef<Record<View, HTMLButtonElement | null>>({ page: null, saved: null });

  // One polite live region for everything: the same text twice in a row is still read (a trailing space toggles).
  const say = useCallback((text: string) => setAnnounceText((prev) => (prev === text ? `${text} ` : text)), []);

  // The page and the library are read side by side, and each view shows as soon as its own answer is in.
  const refresh = useCallback(async () => {
    await Promise.all([
      readPage().then(setPage),
      request({ type: 'listSaved' }).then(
        (r) => setSaved(r.items),
        (e: Error) => {
          setError(e.message);
          setSaved((s) => s ?? []);
        },
      ),
    ]);
  }, []);

  useLibraryChanges(refresh);

  const setSavedState = async (paperId: string, title: string, want: boolean) => {
    try {
      setError(null);
      await request(want ? { type: 'save', paperId } : { type: 'unsave', paperId });
      say(`${want ? 'Saved' : 'Removed'}: ${title}`);
      await refresh();
    } catch (e) {
      setError(`Could not ${want ? 'save' : 'remove'} “${title}”: ${(e as Error).message}`);
    }
  };

  // Tabs: Left/Right (wrapping), Home/End move and select (automatic activation: both panels are cheap).
  const onTabKey = (e: KeyboardEvent) => {
    const at = VIEWS.indexOf(view);
    const to =
      e.key === 'ArrowRight' ? (at + 1) % VIEWS.length
      : e.key === 'ArrowLeft' ? (at - 1 + VIEWS.length) % VIEWS.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? VIEWS.length - 1
      : -1;
    if (to < 0) return;
    const next = VIEWS[to]!;
    setView(next);
    tabs.current[next]?.focus();
    e.preventDefault();
  };

  const pageCount = page.kind === 'ready' ? page.data.matched.length : 0;
  const pageTopics = useMemo(() => {
    if (page.kind !== 'ready') return [];
    const counts = new Map<string, number>();
    for (const m of page.data.matched) for (const t of m.paper.topics) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
    return [...counts].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  }, [page]);

  const tab = (id: View, label: string, count: number | null) => (
    <button
      ref={(el) => {
        tabs.current[id] = el;
      }}
      type="button"
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
      {count !== null ? <span class="count"> {count.toLocaleString('en')}</span> : null}
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
      <p class="sr-only" aria-live="polite" data-testid="announce">
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
            {pageTopics.length ? <HighlightTopics pageTopics={pageTopics} announce={say} /> : null}
            {page.data.matched.length === 0 ? (
              <p class="empty" data-testid="empty">
                {page.data.unmatched > 0
                  ? 'None of the papers on this page is in your corpus yet.'
                  : `PaperLens found no papers here — ${page.data.siteName ?? 'this site'}'s layout may have changed, or the page shows no papers.`}
              </p>
            ) : (
              <VirtualList<PageEntry>
                items={page.data.matched}
                rowHeight={PAGE_ROW_HEIGHT}
                maxHeight={400}
                getKey={(m) => m.paper.id}
                rowLabel={(m) => m.paper.title}
                rowProps={(m) => ({ class: 'paper', 'data-paper-id': m.paper.id })}
                label="Papers on this page"
                testId="page-list"
                renderRow={({ paper, saved: isSaved }, _i, current) => (
                  <PaperItem paper={paper} tabIndex={current ? 0 : -1}>
                    <button
                      type="button"
                      class="save"
                      tabIndex={current ? 0 : -1}
                      aria-pressed={isSaved}
                      aria-label={`${isSaved ? 'Remove from saved' : 'Save'}: ${paper.title}`}
                      onClick={() => void setSavedState(paper.id, paper.title, !isSaved)}
                    >
                      {isSaved ? '★ Saved' : '☆ Save'}
                    </button>
                  </PaperItem>
                )}
              />
            )}
          </>
        ) : null}
      </section>

      <section id="panel-saved" role="tabpanel" aria-labelledby="tab-saved" data-view="saved" hidden={view !== 'saved'}>
        {saved === null ? <p class="muted">Loading your library…</p> : <SavedView items={saved} refresh={refresh} announce={say} onError={setError} />}
      </section>

      <footer class="foot">
        <Shortcut />
      </footer>
    </main>
  );
}
