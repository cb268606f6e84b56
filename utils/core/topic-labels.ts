// Topic labels for display, without the taxonomy's descriptions: what the content script ships
// (utils/core/topics.json whole is ~1.7 kB gzip more). topic-labels.json is derived from topics.json;
// test/unit/topic-labels.test.ts fails when they disagree and prints the command that regenerates it.
import data from './topic-labels.json';

const LABELS: Readonly<Record<string, string>> = data.labels;

export function topicLabel(id: string): string {
  return Object.hasOwn(LABELS, id) ? LABELS[id]! : id;
}

/** Tooltip text of a topic chip: label, the evidence that triggered it, and its score. */
export function topicTooltip(topic: { id: string; score: number; evidence: string[] }): string {
  const why = topic.evidence.length ? topic.evidence.map((e) => `'${e}'`).join(', ') : 'no evidence recorded';
  return `${topicLabel(topic.id)} — why: ${why} (score ${topic.score.toFixed(2)})`;
}
