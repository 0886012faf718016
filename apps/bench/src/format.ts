/**
 * A number with about three significant digits and thousands separators, for table cells.
 *
 * @example
 * ```ts
 * formatNumber(1234567); // "1,234,567"
 * formatNumber(0.012345); // "0.0123"
 * ```
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en-US");
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return "0";
  return value.toPrecision(3);
}

/**
 * A rate with an SI suffix: `5.12 M`, `980 k`.
 *
 * @example
 * ```ts
 * formatRate(5_120_000); // "5.12 M"
 * ```
 */
export function formatRate(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)} M`;
  if (value >= 1e3) return `${(value / 1e3).toPrecision(3)} k`;
  return value.toPrecision(3);
}

/**
 * A ratio as a multiplier: `1.53x`, `0.0213x`.
 *
 * @example
 * ```ts
 * formatRatio(1 / 7); // "0.143x"
 * ```
 */
export function formatRatio(value: number): string {
  return `${value >= 10 ? value.toFixed(1) : value.toPrecision(3)}x`;
}
