// One paper in the popup's lists: title (opens the paper), topic chips with their evidence,
// links by kind, and the actions of its view. Preact escapes all text: nothing goes in as HTML.
// Rows have a fixed height (the lists are windowed): the title is clamped to two lines, chips and links to one.
import type { ComponentChildren } from 'preact';
import type { LinkKind } from '../utils/core/types';
import { topicLabel, topicTooltip } from '../utils/core/taxonomy';
import { displayHost, paperUrl, safeHttpsUrl } from '../utils/core/url';
import type { PaperSummary } from '../utils/messages';

export const KIND_LABEL: Record<LinkKind, string> = { code: 'Code', model: 'Model', project: 'Project', other: 'Link' };

export function TopicChips({ paper }: { paper: PaperSummary }) {
  if (!paper.topics.length) return null;
  return (
    <ul class="chips" aria-label="Topics">
      {paper.topics.map((t) => (
        <li key={t.id} class="chip" data-topic={t.id} title={topicTooltip(t)}>
          {topicLabel(t.id)}
        </li>
      ))}
    </ul>
  );
}

export function PaperLinks({ paper, tabIndex }: { paper: PaperSummary; tabIndex?: number }) {
  const links = paper.links.flatMap((l) => {
    const href = safeHttpsUrl(l.url);
    return href ? [{ ...l, href }] : [];
  });
  if (!links.length) return null;
  return (
    <span class="links">
      {links.map((l) => (
        <a
          key={l.href}
          class="link"
          data-kind={l.kind}
          href={l.href}
          target="_blank"
          rel="noopener noreferrer"
          title={l.href}
          tabIndex={tabIndex}
        >
          {KIND_LABEL[l.kind] ?? 'Link'} · {displayHost(l.href)}
        </a>
      ))}
    </span>
  );
}

/**
 * The inside of a list row (the `<li>` is the list's). `tabIndex` goes on every control: -1 in rows that are not
 * the list's current row, so Tab leaves the list instead of walking through every row's links.
 */
export function PaperItem({
  paper,
  meta,
  children,
  tabIndex,
}: {
  paper: PaperSummary;
  meta?: ComponentChildren;
  children?: ComponentChildren;
  tabIndex?: number;
}) {
  const href = paperUrl(paper);
  return (
    <>
      {href ? (
        <a class="open-paper title" href={href} target="_blank" rel="noopener noreferrer" tabIndex={tabIndex}>
          {paper.title}
        </a>
      ) : (
        <span class="title">{paper.title}</span>
      )}
      <TopicChips paper={paper} />
      <div class="paper-foot">
        <PaperLinks paper={paper} tabIndex={tabIndex} />
        {meta ? <span class="meta">{meta}</span> : null}
        <span class="actions">{children}</span>
      </div>
    </>
  );
}
