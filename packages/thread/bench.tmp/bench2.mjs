import { Piscina } from "piscina";
const N = 20000;
const opts = { minThreads: 2, maxThreads: 2, idleTimeout: 10000, stricterFIFO: true };
async function seq(p, mk, o) { let t = performance.now(); for (let i = 0; i < N; i++) await p.run(mk(i), o?.()); return (performance.now() - t) / N * 1000; }
const raw = new Piscina({ filename: new URL("./raw-worker.mjs", import.meta.url).href, ...opts });
const ours = new Piscina({ filename: new URL("../dist/worker.js", import.meta.url).href, ...opts });
const src = ((x) => x + 1).toString();
class Sig { aborted = false; addEventListener() {} removeEventListener() {} }
for (let r = 0; r < 2; r++) {
console.log("raw           ", (await seq(raw, (i) => i)).toFixed(1));
console.log("raw+signal    ", (await seq(raw, (i) => i, () => ({ signal: new Sig() }))).toFixed(1));
console.log("ours src      ", (await seq(ours, (i) => ({ source: src, name: "f", args: [i] }))).toFixed(1));
console.log("ours src+sig  ", (await seq(ours, (i) => ({ source: src, name: "f", args: [i] }), () => ({ signal: new Sig(), transferList: [] }))).toFixed(1));
}
await raw.destroy(); await ours.destroy();
