// Build-time minification of the content script's CSS strings (wxt.config.ts, plugin
// `paperlens:minify-css-literals`): the `const CSS = \`…\`` literals of utils/content/*.ts keep their
// comments and layout in the source and ship without them. Only white space and comments go: rules,
// selectors and values are left exactly as written, so what a page shows cannot change.

/**
 * Drops CSS comments, collapses white space, and removes it where CSS never needs it: around `{`, `}`,
 * `;` and `,`, after `:` (a space before `:` can be a descendant combinator, `.a :hover`, so it stays),
 * before `!important`, and the last `;` of a block.
 */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/\s+!important/g, '!important')
    .replace(/;}/g, '}')
    .trim();
}

/** `const CSS = \`…\`` in a module: the CSS literal, minified; `${…}` interpolations are kept as they are. */
const CSS_LITERAL = /(\bconst CSS = `)([^`]*)(`)/g;

export function minifyCssLiterals(code: string): string {
  return code.replace(CSS_LITERAL, (_whole, open: string, body: string, close: string) => {
    // Split around interpolations so their expressions are never touched; a placeholder keeps the seams.
    const exprs: string[] = [];
    const marked = body.replace(/\$\{[^}]*\}/g, (expr) => `\u0000${exprs.push(expr) - 1}\u0000`);
    const min = minifyCss(marked).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => exprs[Number(i)]!);
    return `${open}${min}${close}`;
  });
}
