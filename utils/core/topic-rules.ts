// The topic lexicon: per topic, weighted cue phrases with a comment on why each group is there.
// Pure data, no logic: utils/core/classify.ts compiles these once and does the scoring.
//
// Cue syntax (all matching is on lower-cased text, so write cues in lower case):
//   - words separated by a space match any run of spaces/hyphens ("mixture of experts" also
//     matches "mixture-of-experts");
//   - a hyphen inside a word is optional ("fine-tun*" matches "finetuning", "fine-tuned");
//   - a trailing "*" matches any word ending ("expert*" matches "experts", "expertise");
//   - a cue wrapped in slashes is a raw regular expression ("/gpt-?[234]/").
//   Every cue is anchored at word boundaries.
// Weights: 3 = unambiguous main-subject phrase, 2 = strong, 1-1.5 = supporting, 0.5 = weak hint.
// A cue matched in the title counts CLASSIFY_PARAMS.titleWeight times (see classify.ts).
// Raw cues must use non-capturing groups only: classify.ts numbers one capture group per cue.

export type TopicKind =
  /** An ML research area: only given when the text has some ML signal (see ML_ANCHORS). */
  | 'ml'
  /** An application domain (science, healthcare): may be given to papers with no ML at all. */
  | 'domain'
  /** The kind of paper (survey): independent of the field. */
  | 'genre';

export interface Cue {
  /** Cue pattern in the syntax described above. */
  p: string;
  /** Weight of one occurrence in the abstract. */
  w: number;
}

export interface TopicRule {
  id: string;
  kind: TopicKind;
  cues: Cue[];
}

const c = (w: number, ...patterns: string[]): Cue[] => patterns.map((p) => ({ p, w }));

/**
 * Generic machine-learning vocabulary. ML topics are only assigned when at least one of these (or a
 * strong ML cue of a topic, weight >= 2) occurs: a physics paper about "diffusion", "graphs" or
 * "sparse" structures must not get ML badges.
 */
export const ML_ANCHORS: string[] = [
  'machine learning', 'deep learning', 'neural network*', 'neural net', 'deep neural', 'neural architecture*',
  'artificial intelligence', 'ai', 'language model*', 'llm*', 'transformer*', 'bert', '/gpt-?\\w*/', 'chatgpt',
  'convolutional', 'cnn*', 'pre-train*', 'fine-tun*', 'self-supervised', 'supervised learning', 'unsupervised learning',
  'reinforcement learning', 'foundation model*', 'training data', 'deep model*', 'embedding*', 'gpu*',
  'learned representation*', 'representation learning', 'generative model*', 'vision-language', 'multimodal',
  // Unambiguous names of ML methods: enough on their own.
  'mixture of experts', 'mixture of expert', 'moe', 'diffusion models', 'gnn*', 'graph neural network*', 'nerf',
  'vision transformer*', 'vit*', 'zero redundancy optimizer', 'pipeline parallelism', 'model parallelism',
  'data parallelism', 'instruction tuning', 'recommender system*', 'text-to-image', 'gaussian splatting',
  'speech recognition', 'model merging', 'neural architecture search', 'computer vision', 'object detection',
  'image classification', 'q-learning', 'policy gradient*', 'deep generative', 'faster r-cnn', 'imagenet',
];

/** Words that hint at ML but also occur elsewhere: half an anchor each (a full one in the title). */
export const WEAK_ML_ANCHORS: string[] = [
  'learning', 'learns', 'trained', 'training', 'model training', 'benchmark*', 'dataset*', 'classifier*', 'inference',
];

export const TOPIC_RULES: TopicRule[] = [
  {
    id: 'llm', kind: 'ml', cues: [
      // The model family itself.
      ...c(3, 'large language model*', 'llm*', 'llama*', 'chatgpt', '/gpt-?(?:[234](?:\\.5)?o?|neox|j)\\b/', 'gpt models',
        'language model pre-training', 'pre-trained language model*', 'pretrained language model*'),
      ...c(2, 'language model*', 'language modeling', 'language modelling', 'technical report', 'bert', 'open-source models',
        'open language model*', 'causal decoder-only', 'decoder-only', 'instruction-tuned', 'chat models'),
      // Typical LLM-report vocabulary, supporting only.
      ...c(1, '/\\d+(?:\\.\\d+)?\\s?[bt] (?:parameter|model)s?\\b/', 'trillion tokens', 'billion tokens', 'pre-training corpora',
        'natural language processing', 'nlp', 'gpt', 'mistral', 'claude', 'gemini', 'palm', 'falcon', 'bloom', 'big models',
        'large models', 'text generation', 'in-context learning', 'prompting', 'prompt*'),
    ],
  },
  {
    id: 'moe', kind: 'ml', cues: [
      ...c(3, 'mixture of experts', 'mixture of expert', 'moe', 'sparse expert models', 'sparse expert model', 'sparsely gated',
        'sparsely activated', 'expert routing', 'switch transformer*', 'conditional computation'),
      ...c(2, 'expert parallelism', 'top-k routing', 'top-1 routing', 'gate network', 'gating network', 'routing algorithm',
        'routing strategy', 'activated parameters', 'activation parameters', 'expert capacity', 'load imbalance'),
      ...c(1, 'experts', 'gating'),
    ],
  },
  {
    id: 'distributed-training', kind: 'ml', cues: [
      ...c(3, 'pipeline parallelism', 'tensor parallelism', 'model parallelism', 'data parallelism', 'sequence parallelism',
        'zero redundancy optimizer', '/zero(?:\\+\\+|-infinity)?(?![- ]shot)/', 'distributed training', 'parallel training', 'model-parallel',
        'data- and model-parallel', 'gpu memory wall', 'collective communication'),
      ...c(2, 'gpu clusters', 'gpu cluster', 'training system', 'training systems', 'parallel strategy', 'all-to-all',
        'alltoall', 'all-gather', 'reduce-scatter', 'communication volume', 'offload*', 'nvme', 'heterogeneous training',
        'supercomputer', 'exascale', 'hpc', 'stragglers', 'fault tolerance', 'model flops utilization', 'mfu',
        '/(?:\\d[\\d,]*|hundreds of|thousands of) (?:nvidia )?(?:[av]100 |h100 )?gpus\\b/', 'training throughput', 'deepspeed',
        'megatron-lm', 'distributed environments', 'accelerators'),
      ...c(1, 'parallelism', 'communication', 'aggregate gpu memory', 'training efficiency', 'memory optimizations',
        'scalability', 'cpu memory', 'single gpu', 'gpu utilization', 'petaflops', 'tflops'),
    ],
  },
  {
    id: 'efficiency', kind: 'ml', cues: [
      ...c(3, 'quantiz*', 'pruning', 'model compression', 'compression', 'efficient inference', 'inference speedup',
        'ai accelerator', 'hardware platform', 'sparsity acceleration', 'small language models', 'small models',
        'smaller models', 'tiny language models', 'compact models', 'low-precision', 'lower-precision', 'fp8', 'bf16',
        'resource-efficient', 'resource efficient', 'efficient llms', 'efficient large language models',
        'neural architecture search', 'diminutive'),
      ...c(2, 'lightweight', 'latency', 'memory footprint', 'inference cost', 'reduce model size', 'reduced model sizes',
        'reducing model size', 'slimming', 'fewer layers', 'compact', 'sparse model', 'high-sparsity', 'on-device',
        'resource-constrained', 'energy consumption', 'parameter efficient', 'parameter-efficient', 'efficient model design'),
      ...c(1, 'efficient', 'efficiency', 'cheaper', 'speedup', 'faster', 'smaller', 'computational cost*',
        'computational resources'),
      ...c(0.5, 'memory', 'throughput', 'cost', 'budget', 'distillation', 'small', 'tiny'),
    ],
  },
  {
    id: 'scaling', kind: 'ml', cues: [
      ...c(3, 'scaling law*', 'inverse scaling', 'compute-optimal', 'loss prediction', 'u-shaped scaling',
        'scaling behaviour', 'scaling behavior', 'scaling curve', 'model collapse', 'scaling on scales'),
      ...c(2, 'with scale', 'across scales', 'increasing model size*', 'compute budget', 'larger vision models',
        'function of scale', 'scaling effect'),
      ...c(1.5, 'scaling', 'scaling up', 'emergent capabilities', 'model sizes'),
      ...c(1, 'at scale', 'scale up', 'model size', 'larger models', 'largest models', 'orders of magnitude',
        'million gpu hours', 'training compute'),
      ...c(0.5, 'scale', 'larger', 'size', 'parameters'),
    ],
  },
  {
    id: 'multimodal', kind: 'ml', cues: [
      ...c(3, 'multimodal', 'multi-modal', 'vision-language', 'vision language', 'audio-visual', 'visual-audio',
        'image-text', 'video-text', 'video-audio', 'text-audio', 'audio-text', 'modalities', 'multimodality',
        'language and vision', 'vision-language-action', 'vlm*', 'mllm*', 'lmm*', 'llvm*', 'gpt-4v', 'llava*',
        'minigpt-4', 'cross-modal', 'image captioning', 'visual question answering', 'audio2visual', 'visual2audio',
        'image2audio', 'audio2image'),
      ...c(3, '/\\(?images?,? text\\)? pairs/', 'language supervision'),
      ...c(2, 'modality', 'images and text', 'image and text', 'text and images', 'image, video, audio', 'text, images, video, and audio', 'visual and audio',
        'imagebind', 'captions', 'caption'),
      ...c(1, 'audio', 'visual', 'video'),
    ],
  },
  {
    id: 'generation', kind: 'ml', cues: [
      ...c(3, 'text-to-image', 'text-to-video', 'text2image', 'text2audio', 'image synthesis', 'image generation',
        'video generation', 'audio generation', 'diffusion model*', 'diffusion probabilistic', 'latent diffusion',
        'stable diffusion', 'generative adversarial', 'gan*', 'denoising diffusion', 'content creation',
        'audio-visual generation', 'visual-audio generation', 'co-generation'),
      ...c(1, 'generation', 'generative', 'synthesis'),
      ...c(2, 'diffusion', 'denoising', 'personalization', 'generated images',
        'generative transformer', 'sample quality', 'fid', 'inception score', 'classifier-free guidance',
        'classifier guidance'),
      ...c(1, 'generate', 'generated', 'generating'),
    ],
  },
  {
    id: '3d', kind: 'ml', cues: [
      ...c(3, '3d', 'nerf', 'neural radiance field*', 'radiance field*', 'gaussian splatting', '3d gaussian*',
        'meshes', 'mesh', 'novel views', 'view synthesis', 'multi-view', 'point cloud*', 'reconstruction model'),
      ...c(2, 'reconstruct*', 'reconstruction', 'shape*', 'volume rendering', 'differentiable rendering', 'objaverse',
        'shapenet', 'camera poses', 'deformable', 'articulated'),
      ...c(1, 'rendering', 'geometry', 'scenes'),
    ],
  },
  {
    id: 'vision', kind: 'ml', cues: [
      ...c(3, 'computer vision', 'vision transformer*', 'vit*', 'visual representation*', 'image recognition',
        'image classification', 'object detection', 'image segmentation', 'semantic segmentation',
        'instance segmentation', 'action recognition', 'vision models', 'vision model', 'vision foundation model*',
        'segment anything', 'sam', 'faster r-cnn', 'convolutional neural network*', 'cnn*', 'imagenet*',
        'visual perception', 'perception tasks', 'depth estimation', 'segmentation'),
      ...c(1, 'image*', 'video*', 'visual', 'vision'),
      ...c(2, 'detection', 'pixels', 'camouflaged', 'shadow detection',
        'cell images', 'masked autoencoders', 'dinov2', 'clip', 'u-net', 'unet', 'detector*', 'localization', 'coco',
        'bounding boxes', 'optical character recognition', 'ocr'),
      ...c(1, 'frames', 'pose estimation', 'cameras'),
    ],
  },
  {
    id: 'agents-reasoning', kind: 'ml', cues: [
      ...c(3, 'llm agents', 'language agents', 'autonomous agents', 'agentic', 'agent-based', 'tool use',
        'tool utilization', 'function calling', 'chain of thought', 'chain-of-thought', 'multi-step reasoning',
        'reasoning capabilities', 'reasoning abilities', 'reasoning ability', 'mathematical reasoning',
        'math reasoning', 'complex reasoning', 'reasoning tasks', 'reasoning traces', 'agents'),
      ...c(2, 'reasoning'),
      ...c(2, 'agent', 'planning', 'exploration', 'tools', 'apis', 'decision making', 'hard-exploration',
        'question answering', 'multistep', 'multi-step', 'problem-solving', 'problem solving', 'arithmetic',
        'commonsense', 'compositional', 'decomposition'),
      ...c(1, 'math', 'mathematical', 'interactive', 'environment*', 'actions'),
    ],
  },
  {
    id: 'evaluation', kind: 'ml', cues: [
      ...c(3, 'evaluation suite', 'evaluation framework', 'leaderboard*', 'llm-as-a-judge', 'judges', 'juries',
        'evaluators', 'evaluation set', 'new test', 'capability report', 'agi tests', 'intelligence test*',
        'evaluation procedures', 'evaluation methods', 'benchmarking',
        // Benchmark papers: "a comprehensive benchmark for ...", "MEGA-Bench", "BIG-bench".
        '/(?:a|new|novel|comprehensive|unified|challenging|synthetic) (?:\\w+ )?benchmark/', '/\\w+-bench/'),
      ...c(2, 'benchmark*', 'evaluating', 'evaluation', 'capabilities of', 'measuring', 'quantifying', 'test split',
        'tasks contributed', 'assessment'),
      ...c(1, 'evaluate*', 'metrics', 'metric', 'measure*', 'breakdown', 'human evaluations'),
      ...c(0.5, 'accuracy', 'compare', 'comparison'),
    ],
  },
  {
    id: 'alignment-safety', kind: 'ml', cues: [
      ...c(3, 'alignment', 'align llms', 'human values', 'value alignment', 'safety', 'harmless*', 'harmful',
        'misinformation', 'fake news', 'jailbreak*', 'adversarial examples', 'adversarial attacks', 'adversarial perturbation',
        'backdoor attacks', 'data poisoning', 'responsible ai', 'reliability', 'unreliab*', 'not reliable',
        'sensitive topics', 'conspirac*', 'stereotypes', 'misconceptions', 'risks'),
      ...c(2, 'human preferences', 'preference alignment', 'rlhf', 'reinforcement learning with human feedback',
        'reinforcement learning from human feedback', 'ai feedback', 'toxic', 'bias', 'biases', 'fairness', 'ethical',
        'hallucination*', 'adversarial', 'robustness', 'vulnerab*', 'misuse', 'trustworth*', 'societal impact',
        'social harm', 'truthful*'),
      ...c(1, 'robust', 'preference*', 'values', 'human', 'inconsistent'),
    ],
  },
  {
    id: 'model-merging', kind: 'ml', cues: [
      ...c(3, 'model merging', 'merging', 'merged model*', 'merge', 'model soup*', 'task arithmetic', 'weight interpolation',
        'model reuse', 'ptm reuse', 'model hub*', 'model zoo', 'model assembling', 'reassembl*', 'assembled together', 'weak-to-strong',
        'weak to strong', 'logit fusion', 'logits fusion', 'logit arithmetic', 'mergeable', 'growing a model',
        'transfer training', 'smaller source model', 'model mixture'),
      ...c(2, 'reuse', 'reusing', '/hugging ?face/', 'expert models', 'transfer their knowledge', 'transferring expertise',
        'initialize a larger', 'aggregation of pre-trained', 'combine multiple', 'modules', 'progressively growing'),
      ...c(1, 'combining', 'aggregation', 'pre-trained models'),
    ],
  },
  {
    id: 'fine-tuning', kind: 'ml', cues: [
      ...c(3, 'fine-tun*', 'instruction tuning', 'instruction-tuning', 'adapter*', 'peft', 'lora', 'low-rank adaptation',
        'parameter efficient fine-tuning', 'domain adaptation', 'language adaptation', 'supervised fine-tuning', 'sft',
        'distill*', 'imitation learning', 'imitate', 'model specialization', 'multitask prompted',
        'prompted training', 'model editing', 'post-hoc editing', 'edits', 'continued pretraining', 'post-training',
        'domain-specific pre-training'),
      ...c(2, 'domain-specific', 'teacher*', 'student', 'customization', 'personalization', 'transfer learning',
        'multi-task', 'multitask', 'specializ*', 'adapting', 'adaptation'),
      ...c(1, 'instruction', 'instructions', 'adapt*', 'tuning', 'downstream', 'specific tasks', 'task-specific', 'transfer'),
    ],
  },
  {
    id: 'healthcare', kind: 'domain', cues: [
      ...c(3, 'clinical', 'clinic*', 'medical', 'medicine', 'biomedical', 'healthcare', 'health care', 'patient*',
        'electronic health records', 'ehr*', 'radiolog*', 'patholog*', 'hematolog*', 'disease*', 'diagnos*',
        'hospital*', 'leukemia', 'cancer', 'tumou?r*', 'bone marrow', 'blood', 'polyp', 'med-palm*', 'chexprompt'),
      ...c(2, 'health', 'clinicians', 'therap*', 'drug*', 'microscop*', 'cell tracking', 'neuronal structures'),
      ...c(1, 'cells', 'cell'),
    ],
  },
  {
    id: 'science', kind: 'domain', cues: [
      // Astronomy, planetary science.
      ...c(3, 'astronom*', 'astrophysic*', 'galax*', 'exoplanet*', 'planet*', 'star-forming', 'telescope*', 'cosmolog*',
        'cosmic', 'redshift', 'dark matter', 'black hole*', 'neutrino*', 'coronagraph*', 'polarimetr*', 'photometr*',
        'solar system', 'big bang', 'm dwarfs', 'm stars', 'm-dwarf', 'metallicity', 'stars'),
      // Physics.
      ...c(3, 'physics', 'quantum chromodynamics', 'hadron*', 'collider', 'higgs', 'condensed matter', 'superconduct*',
        'phase transition*', 'phases of matter', 'ising', 'brane', 'ads/cft', 'string background', 'hawking',
        'quantum evaporation', 'phonon*', 'field equations', 'friedmann-robertson-walker', 'superfluid*',
        'magneto-optical', 'josephson', 'gravitational'),
      // Earth system.
      ...c(3, 'atmospher*', 'weather', 'climate', 'earth system', 'air pollution', 'earth-moon'),
      // Chemistry, materials, biology (non-clinical).
      ...c(3, 'materials science', 'chemistry', 'molecul*', 'protein*', 'amino acid', 'genom*', 'genes?', 'genetic*', 'chromatin',
        'transcription factor*', 'epigen*', 'transcriptom*', 'enhancers', 'neocort*', 'cortical', 'cortex', 'retina*',
        'neurons', 'neuronal', 'mouse', 'marmoset', 'species', 'structural biology', 'bioinformatics', 'dna', 'rna'),
      ...c(2, 'quantum', 'thermodynamic*', 'monte carlo', 'ai for science', 'natural sciences', 'biology', 'chemical',
        'infrared', 'wavelength*', 'electrons', 'nuclei', 'mass-radius'),
      ...c(1, 'magnetic', 'spin', 'optical', 'hamiltonian', 'scientific discovery', 'biological', 'materials', 'earth',
        'moon', 'mars', 'detectors', 'interiors', 'observations'),
      ...c(0.5, 'animal*', 'physical'),
    ],
  },
  {
    id: 'recommendation', kind: 'ml', cues: [
      ...c(3, 'recommendation', 'recommendation model*', 'recommendation system*', 'recommender*', 'click-through', 'ctr', 'ads', 'advertising', 'collaborative filtering',
        'user-item'),
      ...c(2, 'user behavior', 'user behaviour', 'app store', 'app acquisitions', 'factorization machines', 'personalized'),
      ...c(1, 'users', 'items'),
    ],
  },
  {
    id: 'robotics', kind: 'ml', cues: [
      ...c(3, 'robot*', 'robotic*', 'embodied', 'manipulation', 'real-world control', 'robot control'),
      ...c(2, 'locomotion', 'grasp*', 'physical world', 'end-to-end control', 'control policies'),
      ...c(1, 'control', 'actions'),
    ],
  },
  {
    id: 'time-series', kind: 'ml', cues: [
      ...c(3, 'time series', 'time-series', 'forecasting', 'time points', 'ltsm'),
      ...c(2, 'forecast*', 'temporal', 'sequential measurements', 'anomaly detection', 'imputation', 'long sequence',
        'univariate', 'multivariate'),
      ...c(1, 'sequences', 'prediction'),
    ],
  },
  {
    id: 'graphs', kind: 'ml', cues: [
      ...c(3, 'graph neural network*', 'gnn*', 'graph foundation model*', 'graph convolution*', 'graph-structured',
        'graph attention', 'graph generation', 'generative models of graphs', 'node classification', 'link prediction',
        'graph representation learning', 'graph self-supervised', 'learning on graphs'),
      ...c(2, 'graph*', 'nodes', 'node', 'edges', 'citation networks', 'knowledge graph'),
      ...c(1, 'neighborhood*', 'network structures'),
    ],
  },
  {
    id: 'survey', kind: 'genre', cues: [
      // "survey" in astronomy is an observation campaign ("Sloan Digital Sky Survey", "survey data").
      ...c(3, '/(?<!sky |galaxy |legacy |field |redshift )survey(?! data)/', 'a review', 'the review of', 'this review', 'review of', 'systematic review', 'literature review',
        'bibliometric', 'overview of', 'an overview', 'in this perspective', 'position paper', 'these notes', 'lecture notes',
        'this note', 'in this note', 'research trends', 'roadmap', 'taxonomy of', 'we review', 'comprehensively review',
        'review'),
      ...c(2, 'recent developments', 'recent advances', 'recent progress', 'we advocate', 'past, present and future', 'opportunities and risks', 'landscape', 'open problems', 'research directions',
        'we discuss', 'perspectives', 'overview', 'comprehensive analysis', 'existing literature'),
      ...c(1, 'future directions', 'challenges'),
    ],
  },
  {
    id: 'code', kind: 'ml', cues: [
      ...c(3, 'code generation', 'code-generation', 'programming language*', 'software engineering', 'software quality',
        'code quality', 'code correctness', 'code completion', 'code understanding', 'program synthesis',
        'code-writing', 'coding proficiency', 'coding best practices', 'software development', 'stackoverflow',
        'stack overflow', 'github copilot', 'humaneval', 'unit tests', 'unit-test', 'code snippets', 'codex', 'code smells',
        'smells', 'bugs'),
      ...c(2, 'programming', 'software', 'coding', 'code llms', 'python', 'docstrings', 'implementations', 'se teams',
        'workflow patterns', 'checklist', 'mixed-methods empirical study', 'empirical study', 'exploratory study'),
      ...c(1, 'code', 'library', 'testing'),
    ],
  },
  {
    id: 'multilingual', kind: 'ml', cues: [
      ...c(3, 'multilingual', 'cross-lingual', 'low-resource language*', 'low-resourced language*', 'non-english',
        'language coverage', 'underrepresented language*', 'portuguese', 'italian', 'sinhala', 'swahili', 'urdu',
        'chinese and english', 'one hundred languages', '100 languages', '101 languages'),
      ...c(2, 'language-specific', 'monolingual', 'linguistic diversity', 'bilingual', 'in english', 'chinese'),
      ...c(1, 'languages', 'translation', 'english'),
    ],
  },
  {
    id: 'data', kind: 'ml', cues: [
      ...c(3, 'data-centric', 'data quality', 'data efficiency', 'data cleaning', 'data wrangling', 'wrangle',
        'data integration', 'data-model co-development', 'data processing', 'data preparation', 'data convergence',
        'training data requirements', 'synthetic data', 'synthesized data', 'dataset diversity', 'data diversity',
        'text corpus', 'data practices', 'data tasks', 'data-juicer', 'data collection'),
      ...c(2, 'web data', 'curate', 'curated', 'data volume', 'pre-training data', 'new dataset', 'large-scale dataset',
        'dataset of', 'corpus'),
      ...c(1, 'dataset*', 'corpora', 'training data', 'annotation*', 'data'),
      ...c(0.5, 'labeled', 'unlabeled', 'samples', 'examples', 'tokens'),
    ],
  },
  {
    id: 'speech', kind: 'ml', cues: [
      ...c(3, 'speech recognition', 'speech', 'asr', 'spoken', 'speech processing', 'speech audio', 'transcribed speech',
        'text-to-speech', 'tts', 'librispeech', 'wer'),
      ...c(2, 'transcripts', 'transcription', 'speaker*', 'audio', 'acoustic'),
    ],
  },
  {
    id: 'reinforcement-learning', kind: 'ml', cues: [
      ...c(3, '/reinforcement learning(?! (?:with|from) (?:human|ai) feedback)/', 'rl', 'policy gradient*', 'q-learning',
        'markov decision process*', 'offline rl', 'policy optimization', 'temporal difference', 'value function*',
        'atari', 'reward-free', 'mdp'),
      ...c(2, 'reward*', 'policy', 'policies', 'trust region', 'sample complexity', 'replay buffer', 'returns'),
      ...c(1, 'agent', 'agents', 'environment*'),
      ...c(1, 'control', 'actions', 'games'),
    ],
  },
];
