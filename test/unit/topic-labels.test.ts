// The content script ships topic labels only (utils/core/topic-labels.json); they must be the taxonomy's.
import { describe, expect, it } from 'vitest';
import taxonomy from '../../utils/core/topics.json';
import labels from '../../utils/core/topic-labels.json';
import { topicLabel, topicTooltip } from '../../utils/core/topic-labels';

describe('topic labels', () => {
  it('are exactly the labels of topics.json (regenerate: see the comment in utils/core/topic-labels.ts)', () => {
    const expected = { version: taxonomy.version, labels: Object.fromEntries(taxonomy.topics.map((t) => [t.id, t.label])) };
    expect(labels, "run: node -e \"const j=require('./utils/core/topics.json');require('fs').writeFileSync('utils/core/topic-labels.json',JSON.stringify({version:j.version,labels:Object.fromEntries(j.topics.map(t=>[t.id,t.label]))},null,2)+'\\n')\"").toEqual(expected);
  });

  it('label known ids, fall back to the id otherwise (never an inherited property)', () => {
    const first = taxonomy.topics[0]!;
    expect(topicLabel(first.id)).toBe(first.label);
    expect(topicLabel('no-such-topic')).toBe('no-such-topic');
    expect(topicLabel('constructor')).toBe('constructor');
    expect(topicTooltip({ id: first.id, score: 0.5, evidence: ['x'] })).toBe(`${first.label} — why: 'x' (score 0.50)`);
  });
});
