import { describe, expect, it } from "vitest";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

/** A main that says "ready", sleeps, and whose finally awaits before it says so. */
function mainScript(options: string, after = ""): string {
  return `
    ${importTasks("run, sleep, createTask, SignalInterrupt, KeyboardInterrupt")}
    ${after === "" ? "" : "try {"}
    await run(async () => {
      try {
        console.log("ready");
        await sleep(60_000);
      } finally {
        await sleep(10);
        console.log("main: finally ran");
      }
    }${options});
    ${after}
  `;
}

const sendOnReady =
  (signal: NodeJS.Signals) =>
  (line: string, child: import("node:child_process").ChildProcess): void => {
    if (line === "ready") child.kill(signal);
  };

describe("signals and run()", () => {
  it("an uncaught KeyboardInterrupt ends the process with status 130 and one line on stderr", async () => {
    const child = await runNodeScript(mainScript(""), { onLine: sendOnReady("SIGINT") });
    expect(child.stdout).toBe("ready\nmain: finally ran\n");
    expect(child.stderr).toBe("KeyboardInterrupt: Interrupted by SIGINT (Ctrl-C); the main task was cancelled and cleaned up.\n");
    expect(child.code).toBe(130);
  });

  it("SIGTERM, when listed in signals, cancels main too; uncaught, SignalInterrupt ends the process with 143", async () => {
    const child = await runNodeScript(mainScript(`, { signals: ["SIGINT", "SIGTERM"] }`), { onLine: sendOnReady("SIGTERM") });
    expect(child.stdout).toBe("ready\nmain: finally ran\n");
    expect(child.stderr).toBe("SignalInterrupt: Interrupted by SIGTERM; the main task was cancelled and cleaned up.\n");
    expect(child.code).toBe(143);
  });

  it("caught, the SignalInterrupt names its signal and is not a KeyboardInterrupt", async () => {
    const child = await runNodeScript(
      mainScript(
        `, { signals: ["SIGINT", "SIGTERM"] }`,
        `} catch (err) {
          console.log(err instanceof SignalInterrupt, err instanceof KeyboardInterrupt, err.signal);
          console.log("listeners left: " + (process.listenerCount("SIGINT") + process.listenerCount("SIGTERM")));
        }`,
      ),
      { onLine: sendOnReady("SIGTERM") },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("ready\nmain: finally ran\ntrue false SIGTERM\nlisteners left: 0\n");
    expect(child.code).toBe(0);
  });

  it("by default SIGTERM is left to Node (it ends the process), and handleSigint: false leaves SIGINT too", async () => {
    const term = await runNodeScript(mainScript(""), { onLine: sendOnReady("SIGTERM") });
    expect(term.stdout).toBe("ready\n");
    expect(term.signal).toBe("SIGTERM");
    const int = await runNodeScript(mainScript(", { handleSigint: false }"), { onLine: sendOnReady("SIGINT") });
    expect(int.stdout).toBe("ready\n");
    expect(int.signal).toBe("SIGINT");
  });

  it("a program that listens for SIGINT itself keeps it: run() installs no handler then", async () => {
    const child = await runNodeScript(`
      ${importTasks("run, sleep")}
      process.on("SIGINT", () => console.log("the program's own handler"));
      await run(async () => {
        console.log("ready");
        await sleep(300);
        console.log("main was not cancelled");
      });
      process.removeAllListeners("SIGINT");
    `, { onLine: sendOnReady("SIGINT") });
    expect(child.stdout).toBe("ready\nthe program's own handler\nmain was not cancelled\n");
    expect(child.code).toBe(0);
  });

  it("after Ctrl-C, run() waits for the leftover tasks' clean-up, which may await", async () => {
    const child = await runNodeScript(`
      ${importTasks("run, sleep, createTask")}
      await run(async () => {
        createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            console.log("leftover: cleaning up");
            await sleep(30);
            console.log("leftover: clean-up done");
          }
        });
        console.log("ready");
        await sleep(60_000);
      });
    `, { onLine: sendOnReady("SIGINT") });
    expect(child.stdout).toBe("ready\nleftover: cleaning up\nleftover: clean-up done\n");
    expect(child.stderr).toMatch(/^KeyboardInterrupt: /);
    expect(child.code).toBe(130);
  });

  it("a second Ctrl-C cuts a hanging clean-up short: the process ends as Ctrl-C ends it", async () => {
    const child = await runNodeScript(`
      ${importTasks("run, sleep")}
      await run(async () => {
        try {
          console.log("ready");
          await sleep(60_000);
        } finally {
          console.log("cleaning up");
          await sleep(60_000);
          console.log("clean-up done (wrong)");
        }
      });
    `, {
      onLine: (line, proc) => {
        if (line === "ready" || line === "cleaning up") proc.kill("SIGINT");
      },
    });
    expect(child.stdout).toBe("ready\ncleaning up\n");
    expect(child.signal).toBe("SIGINT");
  });
});
