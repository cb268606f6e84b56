// Shared data shapes of the pure core. No browser APIs here: everything in utils/core runs in Node too.

/** A stable topic id from utils/core/topics.json (ids are never renamed). */
export type TopicId = string;

export interface TopicScore {
  id: TopicId;
  /** Confidence in [0, 1], rounded to 3 decimals so corpus output is deterministic. */
  score: number;
  /** Words or phrases from the title/abstract that triggered the topic, as they appear (lower-cased). */
  evidence: string[];
}

export type LinkKind = 'code' | 'model' | 'project' | 'other';

export interface PaperLink {
  /** Absolute https:// (or http://) URL as written in the abstract, cleaned of wrapping punctuation. */
  url: string;
  kind: LinkKind;
}

export interface Paper {
  /** Stable id: the arXiv id (no version) where known, else `t:<hash of normalised title>`. */
  id: string;
  arxivId?: string;
  doi?: string;
  title: string;
  abstract: string;
  year?: number;
  topics: TopicScore[];
  links: PaperLink[];
}

/** The corpus file shipped in public/corpus.json and produced by `npm run corpus`. */
export interface CorpusFile {
  format: 'paperlens-corpus';
  /** Version of this file format; readers reject versions they do not know. */
  formatVersion: 1;
  /** Content hash of `papers` (FNV-1a 64, 16 hex digits): changes exactly when the data changes. */
  corpusVersion: string;
  /** `version` of the taxonomy the topics were assigned with. */
  taxonomyVersion: number;
  papers: Paper[];
}

/** One paper entry found on a page by a site adapter (pure data; the DOM anchor is kept separately). */
export interface EntryKeys {
  arxivId?: string;
  doi?: string;
  title?: string;
}
