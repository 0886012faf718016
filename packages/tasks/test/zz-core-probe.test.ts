import { CancelledError } from "@tsio/loop";
import { expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

it("probe: two cancels before the task resumes are delivered once (asyncio)", async () => {
  const log: string[] = [];
  await run(async () => {
    const t = createTask(async () => {
      try { await sleep(10_000); } catch (e) { log.push("first " + (e as Error).message); }
      try { await sleep(10); log.push("cleanup await ok"); } catch (e) { log.push("second " + (e as Error).message); }
    });
    await sleep(0); await sleep(0);
    t.cancel("one"); t.cancel("two");
    await t.catch(() => {});
  }, { clock: new VirtualClock() });
  console.log(log);
});

it("probe: stale waiter after Promise.race", async () => {
  const log: string[] = [];
  let release!: () => void;
  await run(async () => {
    const t = createTask(async () => {
      await Promise.race([sleep(10_000), Promise.resolve("fast")]);
      log.push("race done");
      await new Promise<void>((r) => { release = r; });
      log.push("foreign done");
      await sleep(5);
      log.push("slept (cancel lost)");
      return "finished";
    });
    await sleep(0); await sleep(0); await sleep(0);
    t.cancel();
    release();
    const r = await t.then((v) => v, (e) => (e instanceof CancelledError ? "cancelled" : String(e)));
    log.push(String(r));
  }, { clock: new VirtualClock() });
  console.log(log);
});
