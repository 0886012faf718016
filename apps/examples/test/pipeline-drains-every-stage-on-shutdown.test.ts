import { it } from "vitest";
import { example as pipeline } from "../src/examples/pipeline.js";
import { capture, expectLines } from "./helpers/capture.js";

it("pipeline: bounded queues hold the reader back, and shutdown drains each stage without losing a record", async () => {
  const { lines } = await capture(pipeline, { virtual: true });
  expectLines(lines, [
    " 100 ms  reader: raw queue full, waiting for a parser",
    " 130 ms  writer: stored #1 INFO (from parser-1)",
    " 140 ms  reader: raw queue full, waiting for a parser",
    " 140 ms  reader: done, raw queue shut down",
    " 150 ms  writer: stored #2 WARN (from parser-2)",
    " 230 ms  writer: stored #3 INFO (from parser-1)",
    " 250 ms  writer: stored #4 ERROR (from parser-2)",
    " 330 ms  writer: stored #5 INFO (from parser-1)",
    " 340 ms  parser-2: last parser done, parsed queue shut down",
    " 350 ms  writer: stored #6 WARN (from parser-2)",
    " 350 ms  writer: parsed queue drained",
    "6 lines in, 6 records stored (1, 2, 3, 4, 5, 6): nothing lost",
    "a put after shutdown throws QueueShutDown",
  ]);
});
