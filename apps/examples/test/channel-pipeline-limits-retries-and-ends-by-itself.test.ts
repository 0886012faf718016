import { it } from "vitest";
import { example as channelPipeline } from "../src/examples/channel-pipeline.js";
import { capture, expectLines } from "./helpers/capture.js";

it("channel-pipeline: the writer is started with TaskGroup#start and the pipeline begins once it is ready; the limiter caps fetches (then lets a third in), a flaky fetch is retried, and every stage ends when its senders close", async () => {
  const { lines } = await capture(channelPipeline, { virtual: true });
  expectLines(lines, [
    "  20 ms  writer: ready, storing into pages.db",
    " 120 ms  writer: stored /a (1970 bytes, from fetcher-1)",
    " 120 ms  writer: stored /b (1980 bytes, from fetcher-2)",
    " 170 ms  limiter raised from 2 to 3 tokens: 1 waiting fetcher starts now",
    " 220 ms  fetcher-3: 503 from /c, retrying in 50 ms",
    " 220 ms  producer: every URL handed to a fetcher",
    " 220 ms  writer: stored /d (2000 bytes, from fetcher-1)",
    " 270 ms  writer: stored /e (2010 bytes, from fetcher-2)",
    " 320 ms  writer: stored /f (2020 bytes, from fetcher-1)",
    " 370 ms  writer: stored /c (1990 bytes, from fetcher-3)",
    " 370 ms  writer: every fetcher closed its half; 6 pages stored",
    "at most 3 fetches were in flight; 0 tokens borrowed at the end",
  ]);
});
