import { run, Semaphore, getRunningLoop } from "tsio";
import { crawl } from "./dist/crawler/crawl.js";
import { LocalSite } from "./dist/crawler/local-site.js";
const BROKEN = {
  "/": { links: ["/slow-a", "/slow-b", "/broken", "/more-1", "/more-2"] },
  "/slow-a": { delayMs: 10_000 }, "/slow-b": { delayMs: 10_000 },
  "/broken": { status: 500, delayMs: 50 }, "/more-1": {}, "/more-2": {},
};
const t0 = performance.now();
const log = (...a) => console.log((performance.now() - t0).toFixed(1), ...a);
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts) => { log("fetch", url.slice(-8)); try { const r = await realFetch(url, opts); log("resp", url.slice(-8), r.status); return r; } catch (e) { log("fetch err", url.slice(-8), e.name); throw e; } };
await run(async () => {
  const site = await LocalSite.start(BROKEN);
  const sem = new Semaphore(3);
  const origRelease = sem.release.bind(sem); sem.release = () => { log("release"); origRelease(); };
  try { await crawl((p) => site.url(p), "/", { timeoutMs: 5000, attempts: 3, backoffMs: 100, limit: sem }); }
  catch (e) { log(e.name); }
  await site.whenIdle();
  log([...site.requests.keys()], site.aborted);
  await site.close();
});
