import {
  CapacityLimiter,
  failAfter,
  fixed,
  getRunningLoop,
  openChannel,
  type ReadyFunction,
  type ReceiveChannel,
  retry,
  type SendChannel,
  sleep,
  taskGroup,
} from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "channel-pipeline",
  title: "A channel pipeline with a capacity limiter and retries",
  shows:
    "a writer started with TaskGroup#start (the pipeline begins once it reports ready), a producer and three fetchers joined by channels (each worker closes its own clone, so every stage ends by itself); a CapacityLimiter caps fetches in flight and is raised mid-run, retry() re-runs a flaky fetch, and failAfter() bounds the whole run",
  kind: "program",
  main,
};

interface Page {
  readonly url: string;
  readonly bytes: number;
  readonly fetcher: string;
}

const URLS = ["/a", "/b", "/c", "/d", "/e", "/f"];
/** How many times each page fails before it loads (a flaky upstream). */
const FLAKY: Readonly<Record<string, number>> = { "/c": 1 };

async function main({ print, run }: ExampleContext): Promise<void> {
  await run(async () => {
    const loop = getRunningLoop();
    const start = loop.time();
    const at = (): string => `${String(Math.round(loop.time() - start)).padStart(4)} ms`;
    const [sendUrl, receiveUrl] = openChannel<string>(0); // a rendezvous: the producer waits for a free fetcher
    const [sendPage, receivePage] = openChannel<Page>(2);
    const limiter = new CapacityLimiter(2); // at most 2 fetches in flight, whatever the fetcher count
    const failures = new Map<string, number>();
    let inFlight = 0;
    let mostInFlight = 0;

    async function fetchPage(url: string, fetcher: string): Promise<Page> {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await sleep(100); // the request
        const failed = failures.get(url) ?? 0;
        if (failed < (FLAKY[url] ?? 0)) {
          failures.set(url, failed + 1);
          throw new Error(`503 from ${url}`);
        }
        return { url, bytes: 1000 + 10 * url.charCodeAt(1), fetcher };
      } finally {
        inFlight--;
      }
    }

    async function producer(): Promise<void> {
      using out = sendUrl; // closed when the producer ends: the fetchers' loops then end
      for (const url of URLS) await out.send(url);
      print(`${at()}  producer: every URL handed to a fetcher`);
    }

    async function fetcher(name: string, urls: ReceiveChannel<string>, pages: SendChannel<Page>): Promise<void> {
      using _urls = urls; // each fetcher closes its own clones however it ends
      using _pages = pages;
      for await (const url of urls) {
        const page = await limiter.run(() =>
          retry(() => fetchPage(url, name), {
            attempts: 3,
            backoff: fixed(50),
            onRetry: ({ error, delayMs }) => print(`${at()}  ${name}: ${(error as Error).message}, retrying in ${delayMs} ms`),
          }),
        );
        await pages.send(page);
      }
    }

    async function writer(ready: ReadyFunction<string>): Promise<void> {
      await sleep(20); // opening the store
      ready("pages.db"); // group.start() resolves here; the writer goes on receiving
      let stored = 0;
      for await (const page of receivePage) {
        stored++;
        print(`${at()}  writer: stored ${page.url} (${page.bytes} bytes, from ${page.fetcher})`);
      }
      print(`${at()}  writer: every fetcher closed its half; ${stored} pages stored`);
    }

    // The whole pipeline must be done within 2 s (it takes 370 ms): failAfter() would cancel every
    // stage and throw TimeoutError.
    await failAfter(2000, () =>
      taskGroup(async (group) => {
        // Nothing is fetched before the writer can store it: start() waits for its ready().
        const store = await group.start<string>((_task, ready) => writer(ready), { name: "writer" });
        print(`${at()}  writer: ready, storing into ${store}`);
        group.createTask(producer, { name: "producer" });
      for (const name of ["fetcher-1", "fetcher-2", "fetcher-3"]) {
        // Cloned now, before the originals are closed below (a task starts only on a later iteration).
        const urls = receiveUrl.clone();
        const pages = sendPage.clone();
        group.createTask(() => fetcher(name, urls, pages), { name });
      }
      // Each fetcher holds its own clones; left open, the originals would keep the channels open.
      receiveUrl.close();
      sendPage.close();
      group.createTask(
        async () => {
          await sleep(150);
          const waiting = limiter.statistics().tasksWaiting;
          limiter.totalTokens = 3; // hands the new token to the waiting fetcher at once
          print(`${at()}  limiter raised from 2 to 3 tokens: ${waiting} waiting fetcher starts now`);
        },
        { name: "operator" },
      );
      }),
    );

    print(`at most ${mostInFlight} fetches were in flight; ${limiter.borrowedTokens} tokens borrowed at the end`);
  });
}
