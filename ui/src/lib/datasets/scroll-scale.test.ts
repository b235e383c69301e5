import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, scaleFor, scrollFromTop, topFromScroll } from './scroll-scale';

describe('scaled scrolling', () => {
  it('keeps ten million rows under the browser height cap and reaches every row', () => {
    const scale = scaleFor(10_000_000, 32, 640);
    expect(scale.spacer).toBe(MAX_SCROLL_HEIGHT);
    expect(scale.spacer).toBeLessThan(33_000_000);
    expect(scale.maxTop).toBe(10_000_000 - 20);
    expect(topFromScroll(scale, 0)).toBe(0);
    expect(topFromScroll(scale, scale.maxScroll)).toBe(scale.maxTop);
    // A jump to row 9,000,000 and back lands on the same row.
    const scroll = scrollFromTop(scale, 9_000_000);
    expect(Math.round(topFromScroll(scale, scroll))).toBe(9_000_000);
  });

  it('scrolls a small table one pixel to one pixel', () => {
    const scale = scaleFor(100, 32, 320);
    expect(scale.spacer).toBe(3200);
    expect(scale.maxScroll).toBe(2880);
    expect(topFromScroll(scale, 320)).toBeCloseTo(10);
    expect(scrollFromTop(scale, 10)).toBeCloseTo(320);
  });

  it('lets a scrollbar taller than the rows reach the last row', () => {
    const scale = scaleFor(100, 32, 320, 372);
    expect(scale.spacer).toBe(3252);
    expect(scale.maxScroll).toBe(2880);
    expect(topFromScroll(scale, scale.maxScroll)).toBe(90);
  });

  it('has nothing to scroll when every row fits', () => {
    const scale = scaleFor(3, 32, 320);
    expect(scale.maxTop).toBe(0);
    expect(topFromScroll(scale, 50)).toBe(0);
    expect(scrollFromTop(scale, 2)).toBe(0);
  });
});
