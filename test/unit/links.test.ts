import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLinks, linkKind } from '../../utils/core/links';
import type { LinkKind } from '../../utils/core/types';

const SEED = resolve(__dirname, '../../scripts/seed/000_07216205dbe5c28b.txt');

// Every link in the seed, read off each abstract by hand (grep -n -o 'http…' plus reading the
// sentence around it). `n` is the paper's number in scripts/seed/arxiv-ids.tsv; the abstract of
// paper n is on line 2n + 2 of the seed. Comments note what had to be stripped or decided.
const SEED_LINKS: Array<[n: number, url: string, kind: LinkKind]> = [
  [1, 'https://github.com/allenai/commaqa', 'code'], // trailing "."
  [2, 'https://yzxing87.github.io/Seeing-and-Hearing/', 'project'],
  [5, 'https://github.com/PKU-DAIR/Hetu', 'code'],
  [10, 'https://github.com/Facico/Dynamic-Logit-Fusion', 'code'], // "(Our implementation … Fusion.)"
  [20, 'https://pangu-draw.github.io', 'project'],
  [21, 'https://github.com/marrlab/DinoBloom', 'code'], // written without https://
  [22, 'https://github.com/baaivision/EVA', 'code'],
  [24, 'https://github.com/tigerchen52/role_of_small_models', 'code'],
  [27, 'https://github.com/Ziyan-Huang/STU-Net', 'code'],
  [30, 'https://github.com/LAION-AI/AIW', 'code'],
  [31, 'https://huggingface.co/Tyrannosaurus/ArtGPT-4', 'model'],
  [34, 'https://github.com/LeapLabTHU/Model-Assembling', 'code'],
  [36, 'https://huggingface.co/bigscience', 'model'], // an org page holding the models; " ." after it
  [46, 'https://github.com/XiaoduoAILab/Xmodel-2', 'code'],
  [47, 'https://github.com/bfshi/scaling_on_scales', 'code'],
  [52, 'https://yiconghong.me/LRM/', 'project'], // "LRM/." keeps the slash, drops the period
  [56, 'https://github.com/Model-GLUE/Model-GLUE', 'code'],
  [58, 'https://docs.google.com/presentation/d/1ZtC0SeblKkut4XJcRaDsSTuCRIXB3ypxmSi7HTY3IyQ', 'other'], // audio samples in slides
  [59, 'https://github.com/Nkluge-correa/TeenyTinyLlama', 'code'],
  [63, 'https://github.com/XiaoduoAILab/XmodelLM', 'code'],
  [64, 'https://github.com/cofe-ai/Mu-scaling', 'code'],
  [66, 'https://aka.ms/orca-lm', 'other'], // "(… at https://aka.ms/orca-lm), a 13-billion …": short link
  [67, 'https://github.com/bigscience-workshop/t-zero', 'code'],
  [67, 'https://github.com/bigscience-workshop/promptsource', 'code'],
  [73, 'https://github.com/Tencent/Hunyuan-Large', 'code'],
  [73, 'https://huggingface.co/tencent/Tencent-Hunyuan-Large', 'model'],
  [75, 'https://github.com/mshukor/UnIVAL', 'code'],
  [80, 'https://github.com/AIoT-MLSys-Lab/EfficientLLMs', 'code'], // trailing ","
  [83, 'https://sites.google.com/view/mend-editing', 'project'],
  [84, 'https://huggingface.co/IDEA-CCNL/Ziya2-13B-Base', 'model'],
  [84, 'https://modelscope.cn/models/Fengshenbang/Ziya2-13B-Base/summary', 'model'],
  [87, 'https://github.com/NYUSHCS/GraphFM', 'code'],
  [91, 'https://sai-bi.github.io/project/gs-lrm/', 'project'],
  [99, 'https://huggingface.co/LGAI-EXAONE', 'model'],
  [100, 'https://robotics-transformer1.github.io', 'project'], // written without https://, ends the abstract
  [103, 'https://github.com/modelscope/data-juicer/blob/main/docs/Sandbox.md', 'code'], // "Sandbox.md." keeps ".md"
  [104, 'https://github.com/HazyResearch/fm_data_tasks', 'code'],
  [110, 'https://huggingface.co/m42-health', 'model'], // "m42-health{https://huggingface.co/m42-health}." → one link
  [112, 'https://github.com/tanny411/GPT3-Reliability-Check', 'code'],
];

describe('extractLinks on the seed', () => {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const abstracts = Array.from({ length: 112 }, (_, i) => lines[2 * (i + 1) + 1]!);

  it('the ground-truth table covers 39 links in 36 papers', () => {
    expect(SEED_LINKS).toHaveLength(39);
    expect(new Set(SEED_LINKS.map(([n]) => n)).size).toBe(36);
  });

  it('finds exactly the links of the table, in each of the 112 abstracts', () => {
    const found = abstracts.flatMap((abstract, i) => extractLinks(abstract).map((l): [number, string, LinkKind] => [i + 1, l.url, l.kind]));
    expect(found).toEqual(SEED_LINKS);
  });
});

describe('extractLinks on tricky input', () => {
  const cases: Array<[input: string, expected: Array<[string, LinkKind]>]> = [
    // Wrapping and trailing punctuation
    ['see (https://github.com/a/b).', [['https://github.com/a/b', 'code']]],
    ['Code: https://github.com/a/b, data: https://huggingface.co/datasets/a/b; done!', [['https://github.com/a/b', 'code'], ['https://huggingface.co/datasets/a/b', 'model']]],
    ['"https://a.example.org/x"', [['https://a.example.org/x', 'project']]],
    ['<https://github.com/a/b>', [['https://github.com/a/b', 'code']]],
    ['[code](https://github.com/a/b)', [['https://github.com/a/b', 'code']]],
    ['“https://github.com/a/b”。', [['https://github.com/a/b', 'code']]],
    ['代码：https://github.com/a/b，模型：https://modelscope.cn/models/a/b。', [['https://github.com/a/b', 'code'], ['https://modelscope.cn/models/a/b', 'model']]],
    ['访问https://github.com/a/b获取代码', [['https://github.com/a/b', 'code']]],
    ['«https://github.com/a/b»…', [['https://github.com/a/b', 'code']]],
    ['at https://github.com/a/b!?', [['https://github.com/a/b', 'code']]],
    ['**https://github.com/a/b**', [['https://github.com/a/b', 'code']]],
    // Parentheses that belong to the URL
    ['https://en.wikipedia.org/wiki/Python_(programming_language)', [['https://en.wikipedia.org/wiki/Python_(programming_language)', 'other']]],
    ['(see https://en.wikipedia.org/wiki/Python_(programming_language)).', [['https://en.wikipedia.org/wiki/Python_(programming_language)', 'other']]],
    ['https://example.com/a[1]', [['https://example.com/a[1]', 'project']]],
    // LaTeX
    ['https://huggingface.co/x/y{https://huggingface.co/x/y}.', [['https://huggingface.co/x/y', 'model']]],
    ['\\url{https://github.com/a/b} and \\href{https://a.github.io/}{page}', [['https://github.com/a/b', 'code'], ['https://a.github.io/', 'project']]],
    ['https://github.com/a/my\\_repo.', [['https://github.com/a/my_repo', 'code']]],
    // Scheme-less
    ['at github.com/owner/repo.', [['https://github.com/owner/repo', 'code']]],
    ['(name.github.io)', [['https://name.github.io', 'project']]],
    ['www.example.com/page', [['https://www.example.com/page', 'project']]],
    ['huggingface.co/org/model', [['https://huggingface.co/org/model', 'model']]],
    // Scheme kept as written
    ['http://example.com/x', [['http://example.com/x', 'project']]],
    ['HTTPS://GitHub.com/a/b', [['HTTPS://GitHub.com/a/b', 'code']]],
    // Duplicates: trailing slash, host case and scheme do not make a new link
    ['https://github.com/a/b and https://github.com/a/b/ and https://GITHUB.com/a/b', [['https://github.com/a/b', 'code']]],
    ['http://x.org/p then https://x.org/p', [['http://x.org/p', 'project']]],
    ['https://github.com/a/b then https://github.com/a/B', [['https://github.com/a/b', 'code'], ['https://github.com/a/B', 'code']]],
    // Two URLs glued by a comma; an archived URL that contains another URL
    ['https://a.org/x,https://b.org/y', [['https://a.org/x', 'project'], ['https://b.org/y', 'project']]],
    ['https://web.archive.org/web/2020/https://a.org/', [['https://web.archive.org/web/2020/https://a.org/', 'project']]],
    // Kinds
    ['https://github.com/owner', [['https://github.com/owner', 'other']]],
    ['https://github.com/orgs/owner', [['https://github.com/orgs/owner', 'other']]],
    ['https://gitlab.com/group/project and https://bitbucket.org/a/b', [['https://gitlab.com/group/project', 'code'], ['https://bitbucket.org/a/b', 'code']]],
    ['https://huggingface.co/spaces/a/b https://huggingface.co/papers/2401.12345', [['https://huggingface.co/spaces/a/b', 'model'], ['https://huggingface.co/papers/2401.12345', 'other']]],
    ['https://group.gitlab.io/proj', [['https://group.gitlab.io/proj', 'project']]],
    ['https://arxiv.org/abs/2401.12345', [['https://arxiv.org/abs/2401.12345', 'other']]],
    ['https://youtu.be/abc', [['https://youtu.be/abc', 'other']]],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(extractLinks(input).map((l) => [l.url, l.kind])).toEqual(expected);
  });

  const notLinks = [
    'e.g. this, i.e. that, etc.',
    'GPT-3.5 and v1.2.3 and 3.14, 10.5% better',
    'see arXiv:2401.1234 and arXiv:2401.12345v2',
    'mail me at someone@example.com or a.b@c.org',
    'run train.py, read README.md, use Node.js and config.json',
    'in this work.We show, the results.In addition',
    'U.S. and Fig.3 and Sec.2.1',
    'https:// and http://localhost:8080/x and https://nohost',
    'the file foo.tar.gz and model.safetensors',
    'doi:10.1000/xyz123',
  ];
  it.each(notLinks)('finds no link in %j', (input) => {
    expect(extractLinks(input)).toEqual([]);
  });

  it('keeps an IPv4 host when the scheme is written', () => {
    expect(extractLinks('http://10.0.0.1/x')).toEqual([{ url: 'http://10.0.0.1/x', kind: 'other' }]);
  });

  it('finds nothing in empty or white-space text', () => {
    expect(extractLinks('')).toEqual([]);
    expect(extractLinks(' \n\t ')).toEqual([]);
  });
});

describe('extractLinks stays linear on adversarial input', () => {
  const N = 300_000;
  const inputs: Array<[string, string]> = [
    ['a long run of closing parentheses', `https://a.org/${')'.repeat(N)}`],
    ['a long run of slashes', `https://a.org${'/'.repeat(N)}x`],
    ['a long dotted word', 'a.'.repeat(N)],
    ['many scheme starts', 'http://'.repeat(N / 7)],
    ['many hyphenated labels', `${'a-'.repeat(N)}.com`],
    ['many short links', 'https://a.org/x '.repeat(N / 16)],
    ['LaTeX escapes', `https://a.org/${'\\_'.repeat(N)}`],
    ['a long run of opening parentheses', `https://a.org/${'('.repeat(N)}`],
  ];
  it.each(inputs)('%s', (_name, input) => {
    const started = performance.now();
    extractLinks(input);
    // Linear work on 300k characters takes milliseconds; a quadratic scan would take minutes.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('linkKind', () => {
  it.each<[string, LinkKind]>([
    ['https://github.com/a/b/tree/main/src', 'code'],
    ['https://www.github.com/a/b', 'code'],
    ['https://gist.github.com/a/123', 'code'],
    ['https://gitlab.example.edu/group/proj', 'code'],
    ['https://github.com/', 'other'],
    ['https://huggingface.co/', 'other'],
    ['https://huggingface.co/datasets', 'other'],
    ['https://huggingface.co/datasets/org/set', 'model'],
    ['https://hf.co/org/model', 'model'],
    ['https://www.modelscope.cn/models/a/b', 'model'],
    ['https://modelscope.cn/home', 'other'],
    ['https://my-lab.github.io/paper/', 'project'],
    ['https://proj.readthedocs.io/en/latest/', 'project'],
    ['https://drive.google.com/file/d/x', 'other'],
    ['https://en.wikipedia.org/wiki/X', 'other'],
    ['https://lab.example.edu/~me/project', 'project'],
  ])('%s is %s', (url, kind) => {
    expect(linkKind(url)).toBe(kind);
  });
});
