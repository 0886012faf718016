// One seeded generator for every package's tests; the kernel's tests own it (sync sits above loop).
export { prng } from "../../../loop/test/helpers/prng.js";
