// PLACEHOLDER signature only — being replaced by the real classifier.
import type { TopicScore } from './types';

export function classify(title: string, abstract = ''): TopicScore[] {
  void title; void abstract;
  return [];
}
