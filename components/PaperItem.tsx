// One paper in the popup's lists: title (opens the paper), topic chips with their evidence,
// links by kind, and the actions of its view. Preact escapes all text: nothing goes in as HTML.
import type { ComponentChildren } from 'preact';
import type { LinkKind } from '../utils/core/types';
import { topicLabel, topicTooltip } from '../utils/core/taxonomy';
import { displayHost, paperUrl, safeHttpsUrl } from '../utils/core/url';
import type { PaperSummary } from '../utils/messages';

const KIND_LABEL: Record<LinkKind, string> = { code: 'Code', model: 'Model', project: 'Project', other: 'Link' };

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

export function PaperLinks({ paper }: { paper: PaperSummary }) {
  const links = paper.links.flatMap((l) => {
    const href = safeHttpsUrl(l.url);
    return href ? [{ ...l, href }] : [];
  });
  if (!links.length) return null;
  return (
    <span class="links">
      {links.map((l) => (
        <a key={l.href} class="link" data-kind={l.kind} href={l.href} target="_blank" rel="noopener noreferrer" title={l.href}>
          {KIND_LABEL[l.kind] ?? 'Link'} · {displayHost(l.href)}
        </a>
      ))}
    </span>
  );
}

export function PaperItem({ paper, meta, children }: { paper: PaperSummary; meta?: ComponentChildren; children?: ComponentChildren }) {
  const href = paperUrl(paper);
  return (
    <li class="paper" data-paper-id={paper.id}>
      <div class="paper-head">
        {href ? (
          <a class="open-paper title" href={href} target="_blank" rel="noopener noreferrer">
            {paper.title}
          </a>
        ) : (
          <span class="title">{paper.title}</span>
        )}
        <span class="actions">{children}</span>
      </div>
      <TopicChips paper={paper} />
      <div class="paper-foot">
        <PaperLinks paper={paper} />
        {meta ? <span class="meta">{meta}</span> : null}
      </div>
    </li>
  );
}
