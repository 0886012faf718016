import { fileURLToPath } from "node:url";

/**
 * The bench package's root directory. Both `src/*.ts` (under vitest) and `dist/*.js` sit one
 * level below it, so this holds for either.
 *
 * @example
 * ```ts
 * path.join(BENCH_ROOT, "bench_asyncio.py");
 * ```
 */
export const BENCH_ROOT: string = fileURLToPath(new URL("..", import.meta.url));
