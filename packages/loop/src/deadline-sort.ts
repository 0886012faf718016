/** Runs this short are insertion-sorted before merging: cheaper than merging them pairwise. */
const RUN = 16;
/** Scratch buffers larger than this (in items) are dropped after use rather than kept. */
const KEEP_MAX = 1 << 16;
const INITIAL = 256;

let sortedKeys = new Float64Array(INITIAL);
let slices = new Int32Array(INITIAL);
let order = new Int32Array(INITIAL);
let spare = new Int32Array(INITIAL);
const moved: unknown[] = [];

/**
 * Sorts `items[start, end)` by their deadlines in `whens` (the same positions, moved along),
 * stably: items that were appended in scheduling order, as a timer bucket's are, come out ordered
 * by deadline and then by scheduling order.
 *
 * A bucket's deadlines spread over one millisecond, so a counting sort into as many equal slices
 * of their range as there are items, then an insertion pass for the few that share a slice, sorts
 * them in linear time. Should many crowd into the same slices, a merge sort takes over, so the
 * worst case stays O(n log n). The keys are read from the parallel deadline array, never from the
 * timer objects, and no comparator is called through `Array#sort`. Scratch buffers are shared;
 * they grow with the range sorted and are let go after an unusually large one.
 *
 * @example
 * ```ts
 * const items = ["b", "a", "c"];
 * const whens = [3.5, 3.2, 3.5];
 * sortByDeadline(items, whens, 0, 3); // items: ["a", "b", "c"], whens: [3.2, 3.5, 3.5]
 * ```
 */
export function sortByDeadline<T>(items: (T | undefined)[], whens: number[], start: number, end: number): void {
  const n = end - start;
  if (n < 2) return;
  if (order.length < n + 1) allocate(n + 1);
  sortRange(items, whens, start, end);
  if (order.length > KEEP_MAX) {
    allocate(INITIAL);
    moved.length = 0;
  }
}

function sortRange<T>(items: (T | undefined)[], whens: number[], start: number, end: number): void {
  const n = end - start;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let ordered = true;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const when = whens[i]!;
    if (when < prev) ordered = false;
    prev = when;
    if (when < min) min = when;
    if (when > max) max = when;
  }
  if (ordered) return;
  const span = max - min;
  // A range with an infinite deadline cannot be sliced evenly.
  if (!Number.isFinite(span)) {
    mergeSort(items, whens, start, n);
    return;
  }
  const scale = (n - 1) / span;
  const counts = order;
  counts.fill(0, 0, n + 1);
  const slice = slices;
  let crowding = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.min(n - 1, Math.floor((whens[start + i]! - min) * scale));
    slice[i] = s;
    crowding += counts[s + 1]!++;
  }
  // Insertion within a slice costs about its size squared: too crowded, sort by merging.
  if (crowding > 8 * n) {
    mergeSort(items, whens, start, n);
    return;
  }
  for (let s = 0; s < n; s++) counts[s + 1]! += counts[s]!;
  const out = moved as (T | undefined)[];
  const outKeys = sortedKeys;
  for (let i = 0; i < n; i++) {
    const at = counts[slice[i]!]!++;
    out[at] = items[start + i];
    outKeys[at] = whens[start + i]!;
  }
  // Only items sharing a slice can still be out of order; `>` (not `>=`) keeps it stable.
  for (let i = 1; i < n; i++) {
    const key = outKeys[i]!;
    if (outKeys[i - 1]! <= key) continue;
    const item = out[i];
    let j = i;
    do {
      outKeys[j] = outKeys[j - 1]!;
      out[j] = out[j - 1];
      j--;
    } while (j > 0 && outKeys[j - 1]! > key);
    outKeys[j] = key;
    out[j] = item;
  }
  for (let i = 0; i < n; i++) {
    items[start + i] = out[i];
    whens[start + i] = outKeys[i]!;
    out[i] = undefined;
  }
}

function allocate(n: number): void {
  let size = INITIAL;
  while (size < n) size *= 2;
  sortedKeys = new Float64Array(size);
  slices = new Int32Array(size);
  order = new Int32Array(size);
  spare = new Int32Array(size);
}

/** Stable merge sort of `items[start, start + n)` over a permutation of positions. */
function mergeSort<T>(items: (T | undefined)[], whens: number[], start: number, n: number): void {
  const k = sortedKeys;
  for (let i = 0; i < n; i++) k[i] = whens[start + i]!;
  let src = order;
  for (let lo = 0; lo < n; lo += RUN) insertionSort(k, src, lo, Math.min(lo + RUN, n));
  let dst = spare;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) merge(k, src, dst, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n));
    const t = src;
    src = dst;
    dst = t;
  }
  const out = moved as (T | undefined)[];
  for (let i = 0; i < n; i++) out[i] = items[start + src[i]!];
  for (let i = 0; i < n; i++) {
    items[start + i] = out[i];
    whens[start + i] = k[src[i]!]!;
    out[i] = undefined;
  }
}

/** Fills `idx[lo, hi)` with those positions sorted by key; `>` (not `>=`) keeps it stable. */
function insertionSort(k: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  for (let i = lo; i < hi; i++) {
    const key = k[i]!;
    let j = i;
    while (j > lo && k[idx[j - 1]!]! > key) {
      idx[j] = idx[j - 1]!;
      j--;
    }
    idx[j] = i;
  }
}

/** Merges the sorted runs `src[lo, mid)` and `src[mid, hi)` into `dst`; ties take the left run. */
function merge(k: Float64Array, src: Int32Array, dst: Int32Array, lo: number, mid: number, hi: number): void {
  let i = lo;
  let j = mid;
  let o = lo;
  while (i < mid && j < hi) {
    const a = src[i]!;
    const b = src[j]!;
    if (k[b]! < k[a]!) {
      dst[o++] = b;
      j++;
    } else {
      dst[o++] = a;
      i++;
    }
  }
  while (i < mid) dst[o++] = src[i++]!;
  while (j < hi) dst[o++] = src[j++]!;
}
