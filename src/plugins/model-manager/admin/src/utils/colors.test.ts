import { classRgb, pushedClass } from './colors';

describe('colours of explained tokens', () => {
  it('paints red and blue classes as themselves, whatever their order', () => {
    expect(classRgb('red', ['red', 'blue'])).toEqual(classRgb('red', ['blue', 'red']));
    expect(classRgb('red', ['blue', 'red'])).not.toEqual(classRgb('blue', ['blue', 'red']));
  });

  it('paints other models first class blue-ish and second red-ish', () => {
    expect(classRgb('ham', ['ham', 'spam'])).toEqual(classRgb('blue', ['blue', 'red']));
    expect(classRgb('spam', ['ham', 'spam'])).toEqual(classRgb('red', ['blue', 'red']));
  });

  it('sends a positive weight toward the predicted label and a negative one to the other class', () => {
    expect(pushedClass(0.2, 'red', ['blue', 'red'])).toBe('red');
    expect(pushedClass(-0.2, 'red', ['blue', 'red'])).toBe('blue');
    expect(pushedClass(-0.2, 'a', ['a', 'b', 'c'])).toBeNull();
  });
});
