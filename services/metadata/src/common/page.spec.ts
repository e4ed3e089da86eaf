import { fetchLimit, toPage } from './page';

describe('paging helpers', () => {
  it('fetches one row more than asked, or everything', () => {
    expect(fetchLimit(3)).toBe(4);
    expect(fetchLimit(undefined)).toBeNull();
  });

  it('says whether more rows follow', () => {
    expect(toPage(['a', 'b', 'c', 'd'], 3)).toEqual({ items: ['a', 'b', 'c'], more: true });
    expect(toPage(['a', 'b', 'c'], 3)).toEqual({ items: ['a', 'b', 'c'], more: false });
    expect(toPage(['a', 'b'], undefined)).toEqual({ items: ['a', 'b'], more: false });
  });
});
