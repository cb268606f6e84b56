import { describe, expect, it } from 'vitest';
import { arxivIdFromDoi, decodeEntities, normalizeTitle, parseArxivId, parseDoi, yearFromArxivId } from '../../utils/core/normalize';

describe('normalizeTitle', () => {
  it.each([
    ['BERT: Pre-training of Deep Bidirectional Transformers', 'bert pre training of deep bidirectional transformers'],
    ['  Attention   Is\nAll You Need ', 'attention is all you need'],
    ['Pre‐training — with “smart” quotes', 'pre training with smart quotes'],
    ['Café Société: naïve Ångström', 'cafe societe naive angstrom'],
    ['Q&amp;A with &#39;entities&#39; &#x2019;hex&#x2019;', 'q a with entities hex'],
    ['{BERT}: Scaling {\\emph{Deep}} Nets', 'bert scaling deep nets'],
    ['GPT-4 Technical Report.', 'gpt 4 technical report'],
  ])('%s', (input, expected) => {
    expect(normalizeTitle(input)).toBe(expected);
  });

  it('gives variants of one title the same key and different titles different keys', () => {
    expect(normalizeTitle('Hey AI, Can You Solve Complex Tasks by Talking to Agents?')).toBe(
      normalizeTitle('hey ai — can you solve complex tasks by talking to agents'),
    );
    expect(normalizeTitle('Scaling Laws for Neural Language Models')).not.toBe(normalizeTitle('Scaling Laws for Neural Machine Translation'));
  });

  it('returns an empty key for text with no letters or digits', () => {
    expect(normalizeTitle(' ... — !! ')).toBe('');
  });
});

describe('parseArxivId', () => {
  it.each([
    ['2106.09608', '2106.09608'],
    ['2106.09608v3', '2106.09608'],
    ['arXiv:1706.03762v7', '1706.03762'],
    ['https://arxiv.org/abs/2402.17723', '2402.17723'],
    ['https://arxiv.org/pdf/2402.17723v2.pdf', '2402.17723'],
    ['https://huggingface.co/papers/2509.24002', '2509.24002'],
    ['/abs/1207.0580', '1207.0580'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['https://arxiv.org/abs/math.GT/0309136v1', 'math.GT/0309136'],
  ])('%s → %s', (input, expected) => {
    expect(parseArxivId(input)).toBe(expected);
  });

  it.each([[''], ['version 1.2.3'], ['2113.12345'], ['12345.67890'], ['no id here'], [undefined]])('%s → none', (input) => {
    expect(parseArxivId(input)).toBeUndefined();
  });
});

describe('DOIs and years', () => {
  it('parses DOIs from text and doi.org URLs, lower-cased', () => {
    expect(parseDoi('https://doi.org/10.18653/v1/2021.naacl-main.208')).toBe('10.18653/v1/2021.naacl-main.208');
    expect(parseDoi('doi: 10.3390/ani10122390.')).toBe('10.3390/ani10122390');
    expect(parseDoi('no doi')).toBeUndefined();
  });
  it('reads the arXiv id inside an arXiv DOI', () => {
    expect(arxivIdFromDoi(parseDoi('https://doi.org/10.48550/arXiv.2402.17723'))).toBe('2402.17723');
    expect(arxivIdFromDoi('10.3390/ani10122390')).toBeUndefined();
  });
  it('derives the year from new- and old-style ids', () => {
    expect(yearFromArxivId('2402.17723')).toBe(2024);
    expect(yearFromArxivId('0704.0001')).toBe(2007);
    expect(yearFromArxivId('hep-th/9901001')).toBe(1999);
    expect(yearFromArxivId(undefined)).toBeUndefined();
  });
  it('decodes entities but leaves unknown ones alone', () => {
    expect(decodeEntities('a &amp; b &bogus; &#0;')).toBe('a & b &bogus; &#0;');
  });
});
