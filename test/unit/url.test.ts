import { describe, expect, it } from 'vitest';
import { displayHost, paperUrl, safeHttpsUrl } from '../../utils/core/url';

describe('safeHttpsUrl', () => {
  it.each([
    ['https://github.com/allenai/commaqa', 'https://github.com/allenai/commaqa'],
    ['https://yzxing87.github.io/Seeing-and-Hearing/', 'https://yzxing87.github.io/Seeing-and-Hearing/'],
  ])('accepts %s', (url, expected) => expect(safeHttpsUrl(url)).toBe(expected));

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://github.com/x/y'],
    ['//github.com/x/y'],
    ['/relative'],
    ['https://user:pass@github.com/x'],
    ['not a url'],
    [42],
    ['https://' + 'a'.repeat(3000) + '.com'],
  ])('refuses %s', (url) => expect(safeHttpsUrl(url)).toBeUndefined());

  it('labels hosts and paper pages', () => {
    expect(displayHost('https://www.github.com/a/b')).toBe('github.com');
    expect(paperUrl({ arxivId: '2106.09608' })).toBe('https://arxiv.org/abs/2106.09608');
    expect(paperUrl({})).toBeUndefined();
  });
});
