import { Semaphore, sleep, TaskGroupError } from "tsio";
import { crawl } from "../crawler/crawl.js";
import type { FetchPolicy } from "../crawler/fetch-page.js";
import { LocalSite, type PageSpec } from "../crawler/local-site.js";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "crawler",
  title: "A concurrent HTTP crawler",
  shows:
    "a Semaphore caps requests in flight, waitFor times each one out, failures are retried with back-off, and a fatal page cancels the rest of the TaskGroup, aborting their fetches through the task's signal",
  kind: "program",
  realTimeOnly: "it talks to a real HTTP server on 127.0.0.1",
  main,
};

const LIMIT = 3;

/** A healthy site with one flaky page (two 503s) and one that never answers in time. */
const HEALTHY: Record<string, PageSpec> = {
  "/": { links: ["/about", "/blog", "/docs", "/flaky", "/slow"] },
  "/about": { links: ["/"] },
  "/blog": { links: ["/blog/1", "/blog/2", "/blog/3"] },
  "/blog/1": { links: ["/blog"] },
  "/blog/2": { links: ["/blog"] },
  "/blog/3": { links: ["/blog", "/about"] },
  "/docs": { links: ["/docs/intro", "/docs/api"] },
  "/docs/intro": { links: ["/docs"] },
  "/docs/api": { links: ["/docs"] },
  "/flaky": { failFirst: [503, 503] },
  "/slow": { delayMs: 10_000 },
};

/** A site where one page fails for good while two slow ones are still loading. */
const BROKEN: Record<string, PageSpec> = {
  "/": { links: ["/slow-a", "/slow-b", "/broken", "/more-1", "/more-2"] },
  "/slow-a": { delayMs: 10_000 },
  "/slow-b": { delayMs: 10_000 },
  "/broken": { status: 500, delayMs: 50 },
  "/more-1": {},
  "/more-2": {},
};

async function main({ print, run }: ExampleContext): Promise<void> {
  await run(async () => {
    const policy = (timeoutMs: number): FetchPolicy => ({ timeoutMs, attempts: 3, backoffMs: 100, limit: new Semaphore(LIMIT) });

    const healthy = await LocalSite.start(HEALTHY);
    try {
      await fetch(healthy.url("/health")); // the first fetch of a process sets up its HTTP client: keep that out of the timings
      print(`crawl 1: ${Object.keys(HEALTHY).length} pages, at most ${LIMIT} requests at once, 500 ms per attempt, 3 attempts`);
      const pages = await crawl((path) => healthy.url(path), "/", policy(500));
      for (const page of pages) {
        const tries = page.attempts === 1 ? "1 attempt " : `${page.attempts} attempts`;
        print(`  ${page.path.padEnd(12)} ${tries}  ${page.outcome === "200" ? `200, ${page.links} links` : page.outcome}`);
      }
      await healthy.whenIdle();
      print(`  the server never had more than ${healthy.peakInFlight} requests in flight`);
      print(`  timed-out requests it saw abandoned: ${healthy.aborted.length} (/slow, once per attempt)`);
    } finally {
      await healthy.close();
    }

    const broken = await LocalSite.start(BROKEN);
    try {
      print("crawl 2: /broken answers HTTP 500, which is not worth retrying");
      try {
        // A generous timeout here, so that the fatal answer, not a timeout, is what ends the crawl.
        await crawl((path) => broken.url(path), "/", policy(5000));
        print("  the crawl succeeded (unexpected)");
      } catch (err) {
        if (!(err instanceof TaskGroupError)) throw err;
        print(`  ${err.name} with ${err.errors.length} error: ${err.errors.map((e) => String(e)).join("; ")}`);
      }
      // Give a request that should not exist the time to show up: a page the group cancelled must
      // never reach the server, not even a moment later.
      await sleep(100);
      await broken.whenIdle();
      const requested = [...broken.requests.keys()];
      const never = Object.keys(BROKEN).filter((path) => !requested.includes(path));
      print(`  fetches aborted mid-request when the group cancelled: ${[...broken.aborted].sort().join(", ")}`);
      print(`  cancelled while waiting for the semaphore, never requested: ${never.join(", ")}`);
    } finally {
      await broken.close();
    }
  });
}
