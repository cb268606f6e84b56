import { describe, expect, it } from 'vitest';
import { LIMITS, parseRequest } from '../../utils/messages';

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
