import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, packLookup, parseRequest } from '../../utils/messages';

describe('parseRequest', () => {
  it('accepts each request type and drops unknown fields', () => {
    expect(parseRequest({ type: 'lookup', entries: [{ arxivId: '2106.09608', title: 'T', extra: 1 }] })).toEqual({
      ok: true,
      req: { type: 'lookup', entries: [{ arxivId: '2106.09608', doi: undefined, title: 'T' }] },
    });
    expect(parseRequest({ type: 'save', paperId: '2106.09608', evil: true })).toEqual({ ok: true, req: { type: 'save', paperId: '2106.09608' } });
    for (const type of ['listSaved', 'status', 'reloadCorpus']) expect(parseRequest({ type })).toEqual({ ok: true, req: { type } });
  });

  it.each([
    [null, /object/],
    ['lookup', /object/],
    [[], /object/],
    [{}, /type/],
    [{ type: 'dropDatabase' }, /unknown message type/],
    [{ type: 'lookup' }, /entries must be an array/],
    [{ type: 'lookup', entries: 'x' }, /entries must be an array/],
    [{ type: 'lookup', entries: [42] }, /entries\[0\] must be an object/],
    [{ type: 'lookup', entries: [{ title: 7 }] }, /title must be a string/],
    [{ type: 'lookup', entries: [{ title: 'x'.repeat(LIMITS.title + 1) }] }, /longer than/],
    [{ type: 'lookup', entries: Array.from({ length: LIMITS.lookupEntries + 1 }, () => ({})) }, /at most/],
    [{ type: 'save' }, /paperId/],
    [{ type: 'save', paperId: '' }, /paperId/],
    [{ type: 'unsave', paperId: { toString: (): string => 'x' } }, /paperId/],
    [{ type: 'save', paperId: 'x'.repeat(LIMITS.paperId + 1) }, /paperId/],
  ])('refuses %j with a clear error', (msg, error) => {
    const res = parseRequest(msg);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatch(error);
  });
});

describe('packed lookup requests', () => {
  const field = (max: number) => fc.option(fc.string({ maxLength: max, unit: fc.constantFrom('a', 'Z', '1', '.', '/', ' ', 'ü', '…', '\u001f', '\u001e', '"') }), { nil: undefined });
  const entry = fc.record({ arxivId: field(LIMITS.arxivId), doi: field(20), title: field(60) });
  const clean = (v: string | undefined) => (v ? v.replace(/[\u001e\u001f]/g, ' ') : undefined);

  it('carry the same entries as the array form (separators inside a field become spaces, empty fields absent)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const res = parseRequest(packLookup(entries));
        expect(res).toEqual({ ok: true, req: { type: 'lookup', entries: entries.map((e) => ({ arxivId: clean(e.arxivId), doi: clean(e.doi), title: clean(e.title) })) } });
      }),
    );
    expect(parseRequest(packLookup([{ arxivId: '2106.09608v2', title: 'Hey AI' }, {}]))).toEqual({
      ok: true,
      req: { type: 'lookup', entries: [{ arxivId: '2106.09608v2', doi: undefined, title: 'Hey AI' }, { arxivId: undefined, doi: undefined, title: undefined }] },
    });
  });

  it.each([
    [packLookup(Array.from({ length: LIMITS.lookupEntries + 1 }, () => ({ title: 't' }))), /at most/],
    [packLookup([{ title: 'x'.repeat(LIMITS.title + 1) }]), /title is longer than/],
    [packLookup([{ arxivId: '1'.repeat(LIMITS.arxivId + 1) }]), /arxivId is longer than/],
    [{ type: 'lookup', packed: 'a\u001fb' }, /must have 3 fields/],
    [{ type: 'lookup', packed: 'x'.repeat(LIMITS.lookupEntries * (LIMITS.arxivId + LIMITS.doi + LIMITS.title + 3) + 1) }, /too long/],
    [{ type: 'lookup', packed: 42 }, /entries must be an array/],
  ])('refuses a malformed packed lookup (%#)', (msg, error) => {
    const res = parseRequest(msg);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatch(error);
  });
});
