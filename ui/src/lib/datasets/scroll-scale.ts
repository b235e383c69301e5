/**
 * Scaled scrolling. A browser caps an element's height (about 33 million pixels in WebKit), so
 * ten million rows of 32 px cannot have a spacer of their real height. The scrollbar instead
 * spans at most MAX_SCROLL_HEIGHT pixels, and its position maps to a row by proportion; the
 * rows themselves are drawn from that row on, so wheel and keys still move by exact rows.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface Scale {
  /** Height of the scrollbar's spacer. */
  spacer: number;
  /** The highest first row: the last rows then fill the view. */
  maxTop: number;
  /** Spacer pixels the scrollbar can move. */
  maxScroll: number;
}

/**
 * `viewHeight` is the rows' area; `barHeight` the scrollbar's, which may be taller (it runs
 * beside the header too): the spacer grows by the difference so both reach their ends together.
 */
export function scaleFor(rows: number, rowHeight: number, viewHeight: number, barHeight = viewHeight): Scale {
  const spacer = Math.min(rows * rowHeight + Math.max(0, barHeight - viewHeight), MAX_SCROLL_HEIGHT);
  const visibleRows = Math.max(1, Math.floor(viewHeight / rowHeight));
  return {
    spacer,
    maxTop: Math.max(0, rows - visibleRows),
    maxScroll: Math.max(0, spacer - barHeight),
  };
}

/** The first row (fractional: a part of it is scrolled out) for a scrollbar position. */
export function topFromScroll(scale: Scale, scrollTop: number): number {
  if (scale.maxScroll <= 0) return 0;
  return clamp((scrollTop / scale.maxScroll) * scale.maxTop, 0, scale.maxTop);
}

/** The scrollbar position that shows `top` first. */
export function scrollFromTop(scale: Scale, top: number): number {
  if (scale.maxTop <= 0) return 0;
  return (clamp(top, 0, scale.maxTop) / scale.maxTop) * scale.maxScroll;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
