// OpenReview: venue/group pages (/group?id=ICLR.cc/2018/Conference: note lists inside tabs) and forum
// pages (/forum?id=…: one paper with its reviews). Both UIs render on the client (legacy jQuery +
// Handlebars, current Next.js with tab switches and in-tab paging): the shared watcher re-runs this.
// Fixtures: test/fixtures/openreview/ (see test/fixtures/README.md). The forum page is reconstructed.

import { cleanText } from '../core/normalize';
import { compact, elementText, metaContent, queryFirstAlternative, queryOne } from './dom';
import type { FoundEntry, SiteAdapter } from './types';

const HOST = 'openreview.net';

/**
 * Title links of the notes listed on a group page, one per paper.
 * Anchor choice: the `<h4>` around the link (it also holds the PDF icon link); badges go after it,
 * before the authors line.
 */
const GROUP_NOTE_TITLES = [
  // Legacy UI (2017–2019 capture): <li class="note" data-id="FORUM_ID"><h4><a href="…/forum?id=…">TITLE</a>
  // <a class="pdf-link">…</a></h4>, in Bootstrap tab panes (#all-submitted-papers, #withdrawn-papers; hidden tabs are in the DOM).
  // TODO(2026-11): legacy layout, drop once no group page uses it.
  'li.note[data-id] > h4 > a:first-child',
  // Current Next.js UI (openreview-web Note/NoteList, no capture): <ul class="submissions-list"><li>
  // <div class="note" data-id="NOTE_ID"><h4><a href="/forum?id=…&referrer=…">TITLE</a> <a class="pdf-link">…
  'div.note[data-id] > h4 > a:first-child',
  // Either UI after a markup change: any note heading that links to a forum.
  '.note h4 > a[href*="forum?id="]',
];

/** The forum paper's title. */
const FORUM_TITLE = [
  // Current Next.js UI (openreview-web ForumTitle): <div class="forum-title"><h2 class="citation_title">TITLE</h2>
  '.forum-title > h2.citation_title',
  'h2.citation_title',
  // Legacy UI (openreview.js forum template): <div class="title_pdf_row"><h2 class="note_content_title"><a>TITLE</a></h2>
  // TODO(2026-11): legacy layout.
  '.title_pdf_row > h2.note_content_title',
];
/** The forum's own note (its content fields hold the abstract); replies below it are reviews, not papers. */
const FORUM_NOTE = ['.forum-note', '.note', '.forum-container'];
/** A note's content fields: <strong class="note-content-field">Abstract:</strong><span|div class="note-content-value"> (legacy forum: span.note_content_field + span.note_content_value). */
const CONTENT_FIELD = '.note-content-field, .note_content_field';

export const openreview: SiteAdapter = {
  id: 'openreview',
  name: 'OpenReview',
  matches: ['https://openreview.net/group?*', 'https://openreview.net/forum?*'],
  testUrls: [
    'https://openreview.net/group?id=ICLR.cc/2018/Conference',
    'https://openreview.net/group?id=ICLR.cc/2025/Conference#tab-accept-oral',
    'https://openreview.net/group?id=NeurIPS.cc/2024/Conference&referrer=%5BHomepage%5D(%2F)',
    'https://openreview.net/forum?id=rydeCEhs-',
    'https://openreview.net/forum?id=SyBPtQfAZ&noteId=SyBPtQfAZ',
  ],
  claims(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return false;
    return (url.pathname === '/group' || url.pathname === '/forum') && !!url.searchParams.get('id');
  },
  findEntries(root, url) {
    try {
      return url.pathname === '/forum' ? forumPage(root) : groupPage(root);
    } catch {
      return [];
    }
  },
};

function groupPage(root: ParentNode): FoundEntry[] {
  const entries: FoundEntry[] = [];
  const seen = new Set<Element>();
  for (const link of queryFirstAlternative(root, GROUP_NOTE_TITLES)) {
    const title = elementText(link); // the legacy template pads the title with white space
    const heading = link.parentElement;
    if (!title || !heading || seen.has(heading)) continue;
    seen.add(heading);
    const note = heading.parentElement;
    entries.push(compact({ anchor: heading, title, abstract: note ? fieldValue(note, 'Abstract') : undefined }));
  }
  return entries;
}

function forumPage(root: ParentNode): FoundEntry[] {
  const heading = queryOne(root, FORUM_TITLE);
  if (!heading) return [];
  const title = elementText(heading) || metaContent(root, 'citation_title');
  if (!title) return [];
  const note = heading.closest(FORUM_NOTE.join(', '));
  const abstract = (note ? fieldValue(note, 'Abstract') : undefined) ?? metaContent(root, 'citation_abstract');
  return [compact({ anchor: heading, title, abstract })];
}

/** The value of a note's content field ("Abstract:"), first match in document order (the note's own, before replies). */
function fieldValue(note: Element, field: string): string | undefined {
  for (const label of Array.from(note.querySelectorAll(CONTENT_FIELD))) {
    if (cleanText(label.textContent ?? '').replace(/:$/, '').toLowerCase() !== field.toLowerCase()) continue;
    const value = elementText(label.nextElementSibling);
    return value || undefined;
  }
  return undefined;
}
