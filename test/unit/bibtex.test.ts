import { describe, expect, it } from 'vitest';
import { BibtexError, latexToText, MAX_FIELD_LENGTH, parseBibtex } from '../../utils/core/bibtex';

function fieldsOf(text: string): Record<string, string>[] {
  return parseBibtex(text).entries.map((e) => Object.fromEntries(e.fields));
}

function errorOf(text: string): BibtexError {
  try {
    parseBibtex(text);
  } catch (e) {
    if (e instanceof BibtexError) return e;
    throw e;
  }
  throw new Error('expected a BibtexError');
}

describe('parseBibtex', () => {
  it('reads braced, quoted, numeric and month values, nested braces, both delimiters and lines', () => {
    const text = [
      'Some comment text with an e-mail: a@b.org',
      '@Article{key1,',
      '  Title = {A {Nested {Deep}} Title},',
      '  author = "Doe, J. and {Smith}, A.",',
      '  year = 2020, month = jan,',
      '}',
      '@misc(key2, title = {Round} )',
    ].join('\n');
    const { entries, rejected, warnings } = parseBibtex(text);
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => [e.type, e.key, e.line])).toEqual([
      ['article', 'key1', 2],
      ['misc', 'key2', 7],
    ]);
    expect(fieldsOf(text)).toEqual([
      { title: 'A {Nested {Deep}} Title', author: 'Doe, J. and {Smith}, A.', year: '2020', month: 'jan' },
      { title: 'Round' },
    ]);
  });

  it('skips @string, @preamble and @comment blocks', () => {
    const text = '@string{acl = "ACL"}\n@preamble{"\\newcommand{\\x}{}"}\n@comment{anything {at all}}\n@misc{k, title={T}}\n';
    expect(fieldsOf(text)).toEqual([{ title: 'T' }]);
  });

  it('rejects an entry using # concatenation with the reason, and reads the rest', () => {
    const { entries, rejected } = parseBibtex('@misc{a, title = {A} # {B}}\n@misc{b, title = {Fine}}\n');
    expect(entries.map((e) => e.key)).toEqual(['b']);
    expect(rejected).toEqual([{ line: 1, key: 'a', message: expect.stringMatching(/field "title" on line 1 joins strings with "#"/) }]);
  });

  it('warns about @string macros it does not expand and repeated fields', () => {
    const { entries, warnings } = parseBibtex('@misc{a,\n title = {T},\n journal = neurips,\n title = {Again}}');
    expect(Object.fromEntries(entries[0]!.fields)).toEqual({ title: 'T', journal: '' });
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [3, expect.stringMatching(/macro "neurips"/)],
      [4, expect.stringMatching(/"title" is repeated/)],
    ]);
  });

  it('names the line of an unclosed brace that runs into the next entry', () => {
    const e = errorOf('@article{a,\n  title = {Open {brace},\n  year = {2020}\n}\n\n@article{b,\n  title = {B}\n}\n');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/unbalanced braces.*field "title".*line 2/);
  });

  it('names the line of a brace never closed before the end of the file', () => {
    const e = errorOf('\n\n@article{a,\n  title = {Never closed,\n  year = 2020\n');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/never closed/);
    expect(errorOf('@article{a, title = {T}\n').message).toMatch(/never closed/);
  });

  it('names the line of other syntax errors', () => {
    expect(errorOf('@article{a,\n\n  title {T}}').line).toBe(3);
    expect(errorOf('@article{a,\n  title = ,}').message).toMatch(/expected a value/);
    expect(errorOf('@article{a, title = "unterminated}').message).toMatch(/unbalanced/);
    expect(errorOf('@article{a, title = "unterminated').message).toMatch(/quote .*never closed/);
  });

  it('refuses a field over the size limit', () => {
    const e = errorOf(`@misc{a,\n title = {T},\n abstract = {${'x'.repeat(MAX_FIELD_LENGTH + 1)}}}`);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/longer than 100,000 characters/);
  });

  it('stops at maxEntries', () => {
    expect(() => parseBibtex('@misc{a, title={A}}\n@misc{b, title={B}}\n@misc{c, title={C}}', { maxEntries: 2 })).toThrow(/more than 2 entries/);
  });
});

describe('latexToText', () => {
  it.each([
    ['{\\"u}ber', 'über'],
    ['\\"{U}ber', 'Über'],
    ["Caf\\'e", 'Café'],
    ["Garc{\\'\\i}a", 'García'],
    ['Gr{\\"o}{\\ss}e', 'Größe'],
    ['Stra\\ss e', 'Straße'],
    ['\\c{C}a\\u{g}r\\i', 'Çağrı'],
    ['Dvo\\v{r}\\\'ak', 'Dvořák'],
    ['{\\AA}ngstr{\\"o}m and {\\o}', 'Ångström and ø'],
    ['Rock \\& Roll: 50\\% of \\$5', 'Rock & Roll: 50% of $5'],
    ['pages 1--42 --- a dash', 'pages 1–42 — a dash'],
    ['``quoted\'\'', '“quoted”'],
    ['{BERT}: Pre-training of {Deep} Bidirectional {T}ransformers', 'BERT: Pre-training of Deep Bidirectional Transformers'],
    ['\\emph{Very} \\textbf{bold} and \\textsc{Small}', 'Very bold and Small'],
    ['$\\alpha$-Divergence with $O(n^2)$', 'α-Divergence with O(n^2)'],
    ['\\href{https://x.org}{the site} and \\url{https://github.com/a/b}', 'the site and https://github.com/a/b'],
    ['a~b and https://example.org/~user', 'a b and https://example.org/~user'],
    ['  many \n  spaces\t here ', 'many spaces here'],
    ['\\unknownmacro and \\weird{arg}', 'unknownmacro and arg'],
    ['unbalanced {brace', 'unbalanced brace'],
  ])('%s → %s', (input, expected) => {
    expect(latexToText(input)).toBe(expected);
  });
});
