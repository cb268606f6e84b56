import { describe, expect, it } from 'vitest';
import { FUZZY_THRESHOLD, TitleIndex, alignWords, canonicalWord, orderAgreement, titleWords } from '../../utils/core/match';
import { evaluate, fuzzyMatcher, loadPairs, loadSeedCorpus, splitOf } from '../../scripts/eval-matching';

const seed = loadSeedCorpus();
const index = new TitleIndex(seed);

describe('titleWords / canonicalWord', () => {
  it.each([
    ['optimisations', 'optimization'],
    ['optimizations', 'optimization'],
    ['modelling', 'modeling'],
    ['behaviour', 'behavior'],
    ['studies', 'study'],
    ['towards', 'toward'],
    ['analysis', 'analysis'],
    ['gpt4', 'gpt4'],
  ])('%s → %s', (word, expected) => {
    expect(canonicalWord(word)).toBe(expected);
  });

  it('spells out Greek letters written in LaTeX or Unicode alike', () => {
    expect(titleWords('$\\alpha$-CLIP')).toEqual(['alpha', 'clip']);
    expect(titleWords('α-CLIP')).toEqual(['alpha', 'clip']);
  });

  it('aligns a hyphen-split word with its joined form', () => {
    const a = alignWords(titleWords('Supervised Pre-training'), titleWords('Supervised Pretraining'));
    expect(a.unmatchedContent).toBe(0);
    expect(a.dice).toBe(1);
  });

  it('measures word order', () => {
    expect(orderAgreement(titleWords('A Survey of Large Language Models'), titleWords('Large Language Models: A Survey'))).toBe(0.75);
    expect(orderAgreement(titleWords('Fast Model Editing at Scale'), titleWords('Fast Model Editing at Scale'))).toBe(1);
  });
});

describe('TitleIndex.match on the seed corpus: accepted variants', () => {
  it.each([
    // Exact normalised matches (entities, smart quotes, braces, case) come back as 'exact' with score 1.
    ['When Giant Language Brains Just Aren&#39;t Enough! Domain Pizzazz with Knowledge Sparkle Dust', '2305.07230', 'exact'],
    ['{EVA}: Exploring the Limits of Masked Visual Representation Learning at Scale', '2211.07636', 'exact'],
    ['Rt-1: Robotics transformer for real-world control at scale', '2212.06817', 'exact'],
    // British spelling: same joined canonical key.
    ['ZeRO: Memory Optimisations Toward Training Trillion Parameter Models', '1910.02054', 'fuzzy'],
    // Plural typo seen in a real README ("Parameters Models").
    ['ZeRO: Memory Optimizations Toward Training Trillion Parameters Models', '1910.02054', 'fuzzy'],
    // Hyphen dropped: "Pre-training" → "Pretraining" gives the same joined key.
    ['STU-Net: Scalable and Transferable Medical Image Segmentation Models Empowered by Large-Scale Supervised Pretraining', '2304.06716', 'fuzzy'],
    // One letter missing in a long word; the other six content words agree and nothing else differs.
    ['LRM: Large Reconstrution Model for Single Image to 3D', '2311.04400', 'fuzzy'],
    // Cut with an ellipsis after 11 words: a strict prefix of this title only.
    ['DeepSpeed-MoE: Advancing Mixture-of-Experts Inference and Training to Power Next-…', '2201.05596', 'fuzzy'],
    ['Foundation Models Secretly Understand Neural Network Weights: Enhancing...', '2503.00838', 'fuzzy'],
    // Subtitle dropped (real rendering): the main part has 5 content words and is one corpus title's first segment.
    ['Towards Smaller, Faster Decoder-Only Transformers', '2404.14462', 'fuzzy'],
    // First segment dropped (real rendering): the rest is a run of the corpus title's segments.
    ['SAM-adapter: Adapting SAM in Underperformed Scenes: Camouflage, Shadow, Medical Image Segmentation, and More.', '2304.09148', 'fuzzy'],
  ])('%s', (page, id, kind) => {
    const m = index.match(page);
    expect(m).not.toBeNull();
    expect(m!.id).toBe(id);
    expect(m!.kind).toBe(kind);
    if (kind === 'exact') expect(m!.score).toBe(1);
    else {
      expect(m!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
      expect(m!.score).toBeLessThan(1);
    }
  });
});

describe('TitleIndex.match on the seed corpus: refused near-misses', () => {
  it.each([
    // Only three content words, all inside "Scaling Vision Transformers to 22 Billion Parameters".
    ['Scaling Vision Transformers'],
    // The same words as "A Survey of Large Language Models" in another order: another paper.
    ['Large Language Models: A Survey'],
    // One word inserted into a five-content-word title: too little agreement to allow any change.
    ['Efficient Multimodal Large Language Models: A Survey'],
    // Series numbers differ from the corpus papers ("Orca", "RT-1", "Xmodel-2", "Xmodel-LM").
    ['Orca 2: Teaching Small Language Models How to Reason'],
    ['RT-2: Vision-Language-Action Models Transfer Web Knowledge to Robotic Control'],
    ['Xmodel-1.5: An 1B-scale Multilingual LLM'],
    ['EXAONE 3.0 7.8B Instruction Tuned Language Model'],
    // Same acronym, different paper.
    ['GraphFM: A Scalable Framework for Multi-Graph Pretraining'],
    // The ellipsis says the title goes on past the whole corpus title.
    ['A Survey of Large Language Models…'],
    // Too short a cut to be specific.
    ['Large Language Models for Software Engineering…'],
    // A retitled version whose words mostly changed: refused (a miss, not a wrong badge).
    ['A Foundation Model for the Earth System'],
    // Unrelated real titles from the saved fixture pages.
    ['Attention Is All You Need'],
    ['Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco'],
  ])('%s', (page) => {
    expect(index.match(page)).toBeNull();
  });
});

describe('TitleIndex.match rules', () => {
  it('never matches a paper whose arXiv id differs from the one the page names', () => {
    const variant = 'ZeRO: Memory Optimisations Toward Training Trillion Parameter Models';
    expect(index.match(variant, { arxivId: '2101.06840' })).toBeNull();
    expect(index.match(variant, { arxivId: '1910.02054' })?.id).toBe('1910.02054');
    const exact = 'ZeRO: Memory Optimizations Toward Training Trillion Parameter Models';
    expect(index.match(exact, { arxivId: '2101.06840' })).toBeNull();
    expect(index.match(exact)).toEqual({ id: '1910.02054', kind: 'exact', score: 1 });
    // The same id with a version or an arXiv: label is no conflict.
    expect(index.match(variant, { arxivId: 'arXiv:1910.02054v3' })?.id).toBe('1910.02054');
  });

  it('accepts a name prefix added to a specific title, not to a short generic one', () => {
    // The corpus title (8 content words) is the page title's second segment.
    expect(index.match('T0: Multitask Prompted Training Enables Zero-Shot Task Generalization')?.id).toBe('2110.08207');
    // "Fast Model Editing at Scale" has only 4 content words: too generic to stand for the page title.
    expect(index.match('MEND: Fast Model Editing at Scale')).toBeNull();
  });

  it('gives nothing for an ambiguous exact title, and nothing for a variant of two titles', () => {
    const dup = new TitleIndex([
      { id: 'a', title: 'Efficient Training of Sparse Graph Neural Networks on GPUs' },
      { id: 'b', title: 'Efficient Training of Sparse Graph Neural Networks on GPUs' },
      { id: 'c', title: 'Efficient Training of Sparse Graph Neural Network on GPU Clusters' },
    ]);
    expect(dup.match('Efficient Training of Sparse Graph Neural Networks on GPUs')).toBeNull();
    // "Network on GPUs" folds to the key of both a and b.
    expect(dup.match('Efficient Training of Sparse Graph Neural Network on GPUs')).toBeNull();
    // A cut title starting all three titles.
    expect(dup.match('Efficient Training of Sparse Graph Neural Networks on…')).toBeNull();
  });

  it('takes a whole title over the longer titles it starts', () => {
    const nested = new TitleIndex([
      { id: 'short', title: 'Scaling Vision Transformers for Dense Prediction Tasks' },
      { id: 'long1', title: 'Scaling Vision Transformers for Dense Prediction Tasks in Remote Sensing' },
      { id: 'long2', title: 'Scaling Vision Transformers for Dense Prediction Tasks with Sparse Experts' },
    ]);
    // Plural dropped: the joined key equals "short" only; it also starts both longer titles.
    expect(nested.match('Scaling Vision Transformer for Dense Prediction Task')).toEqual({ id: 'short', kind: 'fuzzy', score: 0.98 });
    // Cut with an ellipsis: equal to "short" (so the real title goes on) and starting both longer ones.
    expect(nested.match('Scaling Vision Transformers for Dense Prediction Tasks…')).toBeNull();
  });

  it('refuses titles that differ in a series number or part', () => {
    const series = new TitleIndex([
      { id: 'l2', title: 'Llama 2: Open Foundation and Fine-Tuned Chat Models' },
      { id: 'p2', title: 'Polarization Aberrations in Segmented Mirror Telescopes, Part II: Coating Variations and Contrast' },
    ]);
    expect(series.match('Llama 2: Open Foundation and Fine Tuned Chat Models')?.id).toBe('l2');
    expect(series.match('Llama 3: Open Foundation and Fine-Tuned Chat Models')).toBeNull();
    expect(series.match('Polarization Aberrations in Segmented Mirror Telescopes, Part III: Coating Variations and Contrast')).toBeNull();
  });

  it('matches LaTeX and Unicode spellings of a Greek letter', () => {
    const greek = new TitleIndex([{ id: 'ac', title: '$\\alpha$-CLIP: A CLIP Model Focusing on Wherever You Want' }]);
    expect(greek.match('α-CLIP: A CLIP Model Focusing on Wherever You Want')).toEqual({ id: 'ac', kind: 'fuzzy', score: 0.98 });
  });

  it('indexes papers added after construction, prefix search included', () => {
    const grown = new TitleIndex([{ id: 'x', title: 'Fast Model Editing at Scale' }]);
    grown.add({ id: 'y', title: 'GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism' });
    expect(grown.size).toBe(2);
    expect(grown.match('GPipe: Efficient Training of Giant Neural Networks using Pipeline…')?.id).toBe('y');
  });

  it('is deterministic: same answers whatever the insertion order and however often asked', () => {
    const reversed = new TitleIndex([...seed].reverse());
    for (const pair of loadPairs()) {
      const a = index.match(pair.page, { arxivId: pair.pageArxivId });
      expect(reversed.match(pair.page, { arxivId: pair.pageArxivId })).toEqual(a);
      expect(index.match(pair.page, { arxivId: pair.pageArxivId })).toEqual(a);
    }
  });
});

describe('labelled pairs (test/data/title-pairs.json)', () => {
  const pairs = loadPairs();

  it('is a usable labelled set: enough pairs, a third negatives, every expected id in the corpus', () => {
    const ids = new Set(seed.map((p) => p.id));
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs.filter((p) => !p.expected).length * 3).toBeGreaterThanOrEqual(pairs.length);
    for (const p of pairs) {
      if (p.expected) expect(ids.has(p.expected)).toBe(true);
      expect(p.source.length).toBeGreaterThan(0);
    }
    const held = pairs.filter((p) => splitOf(p.page) === 'heldout').length / pairs.length;
    expect(held).toBeGreaterThan(0.3);
    expect(held).toBeLessThan(0.5);
  });

  it('makes no false positive on the tune split', () => {
    const r = evaluate(pairs.filter((p) => splitOf(p.page) === 'tune'), fuzzyMatcher(index));
    expect(r.falsePositives).toEqual([]);
  });

  it('keeps held-out precision ≥ 0.99 and recall above its floor', () => {
    const r = evaluate(pairs.filter((p) => splitOf(p.page) === 'heldout'), fuzzyMatcher(index));
    expect(r.precision).toBeGreaterThanOrEqual(0.99);
    // Measured 0.84 (42 of 50) when the threshold was set; the exact-only baseline gets 0.30.
    expect(r.recall).toBeGreaterThanOrEqual(0.8);
  });
});
