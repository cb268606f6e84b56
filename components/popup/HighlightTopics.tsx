// "Highlight on this page": choose topics; the content script dims listing rows of other topics
// (local:highlightTopics, utils/settings.ts). No topic chosen means off: every row shows normally.
import { useEffect, useState } from 'preact/hooks';
import { topicLabel } from '../../utils/core/taxonomy';
import { highlightTopicsItem, parseTopicIds, setHighlightTopics } from '../../utils/settings';

export function HighlightTopics({ pageTopics, announce }: { pageTopics: { id: string; count: number }[]; announce: (t: string) => void }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void highlightTopicsItem.getValue().then((v) => setChosen(parseTopicIds(v)));
    return highlightTopicsItem.watch((v) => setChosen(parseTopicIds(v)));
  }, []);

  const store = async (next: string[]) => {
    try {
      setError(null);
      await setHighlightTopics(next);
      setChosen(next);
      announce(next.length ? `Highlighting on the page: ${next.map(topicLabel).join(', ')}` : 'Highlighting is off');
    } catch (e) {
      setError(`Could not change the highlight: ${(e as Error).message}`);
    }
  };

  // The page's topics, plus chosen ones the page does not show (so they can be turned off here too).
  const offered = [...pageTopics, ...chosen.filter((id) => !pageTopics.some((t) => t.id === id)).map((id) => ({ id, count: 0 }))];
  const state = chosen.length ? `on: ${chosen.map(topicLabel).join(', ')}` : 'off';
  return (
    <details class="highlight" data-testid="highlight">
      <summary>
        Highlight topics on the page <span class="meta" data-testid="highlight-state">({state})</span>
      </summary>
      <p class="meta">Rows of the chosen topics stay as they are; rows of other topics are dimmed.</p>
      <div class="filter-chips" role="group" aria-label="Topics to highlight on the page">
        {offered.map((t) => (
          <button
            key={t.id}
            type="button"
            class="fchip"
            data-topic={t.id}
            aria-pressed={chosen.includes(t.id)}
            onClick={() => void store(chosen.includes(t.id) ? chosen.filter((x) => x !== t.id) : [...chosen, t.id])}
          >
            {topicLabel(t.id)}
            {t.count ? <span class="fcount"> {t.count}</span> : null}
          </button>
        ))}
      </div>
      <button type="button" class="btn" disabled={!chosen.length} onClick={() => void store([])}>
        Turn highlighting off
      </button>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}
