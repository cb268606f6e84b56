// A small pure content hash for ids and versions. No `crypto`: this runs in Node and in the extension.

/**
 * FNV-1a 64-bit of the UTF-8 bytes of `text`, as 16 lower-case hex digits.
 * Not cryptographic: it names content (paper ids without an arXiv id, corpus versions), it does not protect it.
 * The 64-bit state is kept in two unsigned 32-bit lanes so the loop stays in plain number arithmetic.
 */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;

  // h = h * 0x100000001b3 (mod 2^64) = h * 435 + (h << 40), split across the two lanes.
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    const low = lo * 435; // < 2^41: exact in a double
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 435) + (lo << 8) + carry) >>> 0;
    lo = low >>> 0;
  };

  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    // A lone surrogate is hashed as U+FFFD, as TextEncoder would encode it.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) {
      step(c);
    } else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
