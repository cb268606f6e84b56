// Small corpus builders for unit tests of the db layer and the service (real shapes, made-up papers).
import type { CorpusFile, Paper } from '../../utils/core/types';

export function paper(id: string, title: string, extra: Partial<Paper> = {}): Paper {
  return {
    id,
    arxivId: /^\d{4}\.\d{4,5}$/.test(id) ? id : undefined,
    title,
    abstract: `Abstract of ${title}.`,
    topics: [{ id: 'llm', score: 0.9, evidence: ['language model'] }],
    links: [{ url: 'https://github.com/example/repo', kind: 'code' }],
    ...extra,
  };
}

export function corpus(papers: Paper[], corpusVersion = '00000000000000aa'): CorpusFile {
  return { format: 'paperlens-corpus', formatVersion: 1, corpusVersion, taxonomyVersion: 1, papers };
}
