import { it } from "vitest";
import { example as crawler } from "../src/examples/crawler.js";
import { capture, expectLines } from "./helpers/capture.js";

// Real time: the crawler talks to a real node:http server on 127.0.0.1 (about 2 s).
// The last line pins that a page cancelled while its semaphore permit was being handed over never
// reaches the server: /more-1 gets the permit /broken releases in the same loop iteration in which
// the TaskGroup cancels it, so its visit task calls waitFor() with the cancellation still pending.
it("crawler: a semaphore of 3, timeouts and retries, and a fatal page that cancels the rest", async () => {
  const { lines } = await capture(crawler, { virtual: false });
  expectLines(lines, [
    "crawl 1: 11 pages, at most 3 requests at once, 500 ms per attempt, 3 attempts",
    "  /            1 attempt   200, 5 links",
    "  /about       1 attempt   200, 1 links",
    "  /blog        1 attempt   200, 3 links",
    "  /blog/1      1 attempt   200, 1 links",
    "  /blog/2      1 attempt   200, 1 links",
    "  /blog/3      1 attempt   200, 2 links",
    "  /docs        1 attempt   200, 2 links",
    "  /docs/api    1 attempt   200, 1 links",
    "  /docs/intro  1 attempt   200, 1 links",
    "  /flaky       3 attempts  200, 0 links",
    "  /slow        3 attempts  gave up after 3 attempts (timeout, timeout, timeout)",
    "  the server never had more than 3 requests in flight",
    "  timed-out requests it saw abandoned: 3 (/slow, once per attempt)",
    "crawl 2: /broken answers HTTP 500, which is not worth retrying",
    "  TaskGroupError with 1 error: FatalPageError: /broken answered HTTP 500",
    "  fetches aborted mid-request when the group cancelled: /slow-a, /slow-b",
    "  cancelled while waiting for the semaphore, never requested: /more-1, /more-2",
  ]);
});
