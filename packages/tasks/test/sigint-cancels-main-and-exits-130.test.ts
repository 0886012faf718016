import { describe, expect, it } from "vitest";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

describe("Ctrl-C (SIGINT) while run() is active", () => {
  it("cancels main, runs its finally blocks, rejects with KeyboardInterrupt, and the script exits 130", async () => {
    const script = `
      ${importTasks("run, sleep, KeyboardInterrupt")}
      try {
        await run(async () => {
          try {
            console.log("ready");
            await sleep(60_000);
            console.log("slept (wrong)");
          } catch (err) {
            console.log("main caught " + err.name);
            throw err;
          } finally {
            await sleep(5); // clean-up may still await
            console.log("finally ran");
          }
        });
        console.log("run resolved (wrong)");
      } catch (err) {
        if (err instanceof KeyboardInterrupt) {
          console.log("caught KeyboardInterrupt: " + (process.listenerCount("SIGINT") === 0 ? "no listener left" : "listener leaked"));
          process.exitCode = 130;
        } else {
          throw err;
        }
      }
    `;
    let sentAt = Number.NaN;
    const child = await runNodeScript(script, {
      onLine: (line, proc) => {
        if (line === "ready") {
          sentAt = performance.now();
          proc.kill("SIGINT");
        }
      },
    });
    expect(child.stderr).toBe("");
    expect(child.stdout.split("\n")).toEqual([
      "ready",
      "main caught CancelledError",
      "finally ran",
      "caught KeyboardInterrupt: no listener left",
      "",
    ]);
    expect(child.signal).toBeNull();
    expect(child.code).toBe(130);
    expect(Number.isNaN(sentAt)).toBe(false);
    expect(child.ms).toBeLessThan(4000);
  });
});
