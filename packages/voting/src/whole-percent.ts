/** Absorbs floating-point error (0.285 * 100 is 28.499…) without moving any true value across a half. */
const ROUNDING_SLACK = 1e-9;

/**
 * `part` of `total` as a whole percentage, rounded half up, where any non-zero part is at
 * least 1%: 2 of 3 is 67, 1 of 8 is 13, 1 of 500 is 1. Zero when `total` is zero.
 */
export function wholePercent(part: number, total: number): number {
  if (part <= 0 || total <= 0) return 0;
  return Math.max(1, Math.floor((part * 100) / total + 0.5 + ROUNDING_SLACK));
}

/** A threshold given as a fraction (0.67), as a whole percentage rounded half up (67). */
export function thresholdPercent(fraction: number): number {
  return Math.floor(fraction * 100 + 0.5 + ROUNDING_SLACK);
}
