import { run } from "@tsio/tasks";
import { Piscina } from "piscina";
import { toThread, ThreadPool } from "../dist/index.js";
const N = 20000;
const opts = { minThreads: 2, maxThreads: 2, idleTimeout: 10000 };
async function rawSeq(p) { let t = performance.now(); for (let i = 0; i < N; i++) await p.run(i); return (performance.now() - t) / N * 1000; }
async function rawPar(p) { let t = performance.now(); const a = []; for (let i = 0; i < N; i++) a.push(p.run(i)); await Promise.all(a); return (performance.now() - t) / N * 1000; }
const raw = new Piscina({ filename: new URL("./raw-worker.mjs", import.meta.url).href, ...opts });
await rawSeq(raw); 
const rs = await rawSeq(raw), rp = await rawPar(raw);
await raw.destroy();
const pool = new ThreadPool(opts);
const fn = (x) => x + 1;
const [ts, tp] = await run(async () => {
  const seq = async () => { let t = performance.now(); for (let i = 0; i < N; i++) await toThread({ executor: pool }, fn, i); return (performance.now() - t) / N * 1000; };
  const par = async () => { let t = performance.now(); const a = []; for (let i = 0; i < N; i++) a.push(toThread({ executor: pool }, fn, i)); for (const f of a) await f; return (performance.now() - t) / N * 1000; };
  await seq();
  return [await seq(), await par()];
});
await pool.close();
console.log(`raw piscina: seq ${rs.toFixed(1)} us/call, concurrent ${rp.toFixed(1)} us/call`);
console.log(`toThread   : seq ${ts.toFixed(1)} us/call, concurrent ${tp.toFixed(1)} us/call`);
