import { BerthError } from '@berth/errors';
import { nextLink, parsePage } from './pagination';

describe('pagination', () => {
  it('reads n and last', () => {
    expect(parsePage(new URLSearchParams('n=2&last=b'), 100)).toEqual({ n: 2, last: 'b' });
    expect(parsePage(new URLSearchParams(''), 100)).toEqual({ n: undefined, last: undefined });
    expect(parsePage(new URLSearchParams(''), 100, 50)).toEqual({ n: 50, last: undefined });
    expect(parsePage(new URLSearchParams('n=0'), 100)).toEqual({ n: 0, last: undefined });
  });

  it('clamps n to the largest page', () => {
    expect(parsePage(new URLSearchParams('n=5000'), 1000).n).toBe(1000);
  });

  it('refuses an n that is not a non-negative integer', () => {
    for (const bad of ['-1', 'abc', '1.5']) {
      expect(() => parsePage(new URLSearchParams(`n=${bad}`), 100)).toThrow(BerthError);
    }
  });

  it('builds the RFC 8288 next link', () => {
    expect(nextLink('/v2/team/app/tags/list', 2, 'v 1')).toBe(
      '</v2/team/app/tags/list?n=2&last=v%201>; rel="next"',
    );
  });
});
