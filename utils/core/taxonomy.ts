// The topic taxonomy (ids are stable; labels are for display).
import taxonomy from './topics.json';

export interface Topic {
  id: string;
  label: string;
  description: string;
}

export const TAXONOMY_VERSION: number = taxonomy.version;
export const TOPICS: readonly Topic[] = taxonomy.topics;
const LABELS = new Map(TOPICS.map((t) => [t.id, t.label]));

export function topicLabel(id: string): string {
  return LABELS.get(id) ?? id;
}

/** Tooltip text of a topic chip: label, the evidence that triggered it, and its score. */
export function topicTooltip(topic: { id: string; score: number; evidence: string[] }): string {
  const why = topic.evidence.length ? topic.evidence.map((e) => `'${e}'`).join(', ') : 'no evidence recorded';
  return `${topicLabel(topic.id)} — why: ${why} (score ${topic.score.toFixed(2)})`;
}
