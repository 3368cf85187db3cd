import { pageItems } from './pages';

describe('pageItems', () => {
  it('shows every page when there are few', () => {
    expect(pageItems(1, 1)).toEqual([1]);
    expect(pageItems(2, 3)).toEqual([1, 2, 3]);
  });

  it('keeps the first and last page and the active one with its neighbours, dots for the gaps', () => {
    expect(pageItems(1, 10)).toEqual([1, 2, 'dots', 10]);
    expect(pageItems(5, 10)).toEqual([1, 'dots', 4, 5, 6, 'dots', 10]);
    expect(pageItems(10, 10)).toEqual([1, 'dots', 9, 10]);
  });

  it('puts no dots between neighbouring pages', () => {
    expect(pageItems(3, 10)).toEqual([1, 2, 3, 4, 'dots', 10]);
  });
});
