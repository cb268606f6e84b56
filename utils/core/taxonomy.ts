// The topic taxonomy (ids are stable; labels are for display).
import taxonomy from './topics.json';

export interface Topic {
  id: string;
  label: string;
  description: string;
}

export const TAXONOMY_VERSION: number = taxonomy.version;
export const TOPICS: readonly Topic[] = taxonomy.topics;
// Labels and tooltips come from the labels-only copy that the content script ships (same labels, tested).
export { topicLabel, topicTooltip } from './topic-labels';
