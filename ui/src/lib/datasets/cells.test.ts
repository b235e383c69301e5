import { describe, expect, it } from 'vitest';
import { cellText, cellValue, columnsOf, fullText, webLink } from './cells';

describe('cells', () => {
  const items = [
    { b: 1, a: { x: 1, y: { z: 2 } } },
    { c: [1], b: 2, a: { w: 0 }, 'p.q': 'dotted' },
  ];

  it('finds columns in first-seen order, flattened on request', () => {
    expect(columnsOf(items, false)).toEqual(['b', 'a', 'c', 'p.q']);
    expect(columnsOf(items, true)).toEqual(['b', 'a.x', 'a.y.z', 'c', 'a.w', 'p.q']);
    // New items add their new columns at the end.
    expect(columnsOf([{ d: 1, b: 3 }], false, ['b', 'a'])).toEqual(['b', 'a', 'd']);
  });

  it('reads nested and dotted columns', () => {
    expect(cellValue(items[0], 'a.y.z')).toBe(2);
    expect(cellValue(items[1], 'p.q')).toBe('dotted');
    expect(cellValue(items[0], 'missing.key')).toBeUndefined();
  });

  it('cuts long and nested values to one line, with formats', () => {
    expect(cellText('x'.repeat(300))).toHaveLength(201);
    expect(cellText('two\nlines')).toBe('two lines');
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
    expect(cellText(true, 'boolean')).toBe('Yes');
    expect(cellText(null)).toBe('');
    expect(fullText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it('opens only http and https links', () => {
    expect(webLink('https://example.com/a')).toBe('https://example.com/a');
    expect(webLink('javascript:alert(1)')).toBeNull();
    expect(webLink('file:///etc/passwd')).toBeNull();
    expect(webLink(5)).toBeNull();
  });
});
