import { describe, expect, it } from "vitest";
import { importTsio, runNodeScript } from "./helpers/node-child.js";

/**
 * A program interrupted by Ctrl-C while main waits in a gather (or a TaskGroup) of two sleeping
 * children and one shielded job. run() cancels main; the cancellation reaches both children (their
 * finally blocks run), the shielded job still completes and main's clean-up gets its result, run()
 * rejects with KeyboardInterrupt and the process exits 130 with nothing on stderr.
 */
function script(mode: "gather" | "group"): string {
  return `
    ${importTsio("run, gather, taskGroup, sleep, shield, createTask, KeyboardInterrupt")}
    let waiting = 0;
    const child = (name) => async () => {
      try {
        if (++waiting === 2) console.log("both children waiting");
        await sleep(60_000);
        console.log(name + " slept (wrong)");
      } catch (err) {
        console.log(name + " caught " + err.name);
        throw err;
      } finally {
        console.log(name + " finally");
      }
    };
    try {
      await run(async () => {
        const saved = createTask(async () => {
          await sleep(40);
          console.log("shielded job done");
          return "saved";
        });
        try {
          ${
            mode === "gather"
              ? `await gather(child("a"), child("b"), () => shield(saved));`
              : `await taskGroup(async (g) => {
                   g.createTask(child("a"));
                   g.createTask(child("b"));
                   g.createTask(() => shield(saved));
                 });`
          }
          console.log("${mode} returned (wrong)");
        } catch (err) {
          console.log("main caught " + err.name);
          console.log("shielded result: " + (await saved));
          throw err;
        }
      });
      console.log("run resolved (wrong)");
    } catch (err) {
      if (!(err instanceof KeyboardInterrupt)) throw err;
      console.log("KeyboardInterrupt");
      process.exitCode = 130;
    }
  `;
}

describe("SIGINT in the middle of", () => {
  for (const mode of ["gather", "group"] as const) {
    it(`a ${mode === "gather" ? "gather" : "TaskGroup"}: children cancelled with their finally blocks, the shielded job completes, exit 130`, async () => {
      let sent = false;
      const child = await runNodeScript(script(mode), (line, proc) => {
        if (line === "both children waiting" && !sent) {
          sent = true;
          proc.kill("SIGINT");
        }
      });
      expect(child.stderr).toBe("");
      expect(child.signal).toBeNull();
      expect(child.code).toBe(130);
      const lines = child.stdout.trim().split("\n");
      expect(lines[0]).toBe("both children waiting");
      expect(lines).not.toContainEqual(expect.stringContaining("wrong"));
      for (const name of ["a", "b"]) {
        expect(lines.indexOf(`${name} caught CancelledError`)).toBeGreaterThan(0);
        expect(lines.indexOf(`${name} finally`)).toBeGreaterThan(lines.indexOf(`${name} caught CancelledError`));
      }
      expect(lines).toContain("shielded job done");
      // A TaskGroup lets main go on only once its children have finished cancelling; a cancelled
      // gather gives up at once (unlike asyncio's, it does not wait), and run() waits for them.
      if (mode === "group") expect(lines.indexOf("main caught CancelledError")).toBeGreaterThan(lines.indexOf("b finally"));
      else expect(lines).toContain("main caught CancelledError");
      expect(lines.indexOf("shielded result: saved")).toBeGreaterThan(lines.indexOf("main caught CancelledError"));
      expect(lines.at(-1)).toBe("KeyboardInterrupt");
    }, 15_000);
  }
});
