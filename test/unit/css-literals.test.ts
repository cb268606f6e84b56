// The build's CSS literal minifier (scripts/build/css-literals.ts, used by wxt.config.ts for the content
// script): it may only drop comments and white space, so every rule must parse to the same thing.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { minifyCss, minifyCssLiterals } from '../../scripts/build/css-literals';

/**
 * The rules of a stylesheet as the CSS parser reads them: selectors and declarations (white space around
 * commas folded: insignificant in CSS, and the parser keeps values as written), media blocks.
 */
function parsed(css: string): unknown[] {
  const { document } = new JSDOM(`<style>${css}</style>`).window;
  const read = (rules: CSSRuleList): unknown[] =>
    Array.from(rules, (r) =>
      'selectorText' in r
        ? [(r as CSSStyleRule).selectorText.split(',').map((s) => s.trim().replace(/\s+/g, ' ')), (r as CSSStyleRule).style.cssText.replace(/\s*,\s*/g, ',')]
        : [(r as CSSMediaRule).media.mediaText.replace(/:\s+/g, ':'), read((r as CSSMediaRule).cssRules)],
    );
  return read(document.styleSheets[0]!.cssRules);
}

function literal(file: string): string {
  const m = /\bconst CSS = `([^`]*)`/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file}: no CSS literal`);
  // Interpolations stand for attribute names in rows.ts.
  return m[1]!.replace(/\$\{[^}]*\}/g, 'data-x');
}

describe('CSS literal minifier', () => {
  it('drops comments and white space only', () => {
    expect(minifyCss('/* note */\n.a  .b ,\n .c > .d {  color: red ;\n margin: 0 1px; }\n')).toBe('.a .b,.c > .d{color:red;margin:0 1px}');
    // A space before ':' is a descendant combinator and stays; the one after ':' goes.
    expect(minifyCss('.a :hover { color: red; }')).toBe('.a :hover{color:red}');
    expect(minifyCss('@media (prefers-color-scheme: dark) { .a { color: red; } }')).toBe('@media (prefers-color-scheme:dark){.a{color:red}}');
  });

  it('keeps interpolations untouched and only rewrites `const CSS` literals', () => {
    const code = 'const X = `a  b`;\nconst CSS = `\n[${ATTR}] :not(:focus) * { color: red; }\n`;\n';
    expect(minifyCssLiterals(code)).toBe('const X = `a  b`;\nconst CSS = `[${ATTR}] :not(:focus) *{color:red}`;\n');
  });

  for (const file of ['utils/content/badges.ts', 'utils/content/rows.ts']) {
    it(`${file}: the minified stylesheet parses to the same rules`, () => {
      const css = literal(file);
      const rules = parsed(css);
      expect(rules.length).toBeGreaterThan(2);
      expect(parsed(minifyCss(css))).toEqual(rules);
      expect(minifyCss(css).length).toBeLessThan(css.length);
    });
  }
});
