import { CancelledError, EventLoopError, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, Runner, run, sleep } from "../src/index.js";
import { importTasks, runNodeScript } from "./helpers/node-child.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

describe("Runner#createTask from ordinary code", () => {
  it("starts the loop in the background; tasks overlap and are awaited from plain code", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const loop = runner.getLoop();
    expect(loop.isRunning()).toBe(false);
    const slow = runner.createTask(async () => {
      await sleep(200);
      return `slow @${getRunningLoop().time()}`;
    });
    expect(loop.isRunning()).toBe(true);
    const fast = runner.createTask(async () => {
      await sleep(100);
      return `fast @${getRunningLoop().time()}`;
    });
    expect(await Promise.all([slow, fast])).toEqual(["slow @200", "fast @100"]);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("close() cancels what is left, waits for every finally (which may await) and runs the shutdown hooks", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const log: string[] = [];
    const loop = runner.getLoop();
    loop.addShutdownHook(async () => {
      log.push("shutdown hook");
    });
    const task = runner.createTask(async () => {
      try {
        await sleep(60_000);
      } finally {
        await sleep(30);
        log.push(`finally done @${getRunningLoop().time()}`);
      }
    });
    await Promise.resolve();
    await runner.close();
    expect(task.cancelled()).toBe(true);
    expect(log).toEqual(["finally done @30", "shutdown hook"]);
    expect(loop.isClosed()).toBe(true);
    expect(() => runner.createTask(async () => 1)).toThrow(/Runner is closed/);
  });

  it("close() from one of the runner's own tasks is refused: it would wait for itself", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const seen = await runner.createTask(() => runner.close().then(() => "closed (wrong)", (err: unknown) => err));
    expect(seen).toBeInstanceOf(EventLoopError);
    expect((seen as Error).message).toMatch(/from one of its own tasks/);
    await runner.close();
  });

  it("run() while the background loop runs is refused with a message that names Runner#createTask", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const task = runner.createTask(() => sleep(10));
    expect(() => run(async () => 1)).toThrow(EventLoopError);
    expect(() => run(async () => 1)).toThrow(/another run\(\).*runner\.createTask\(fn\)/);
    // Its own run() works alongside, from plain code.
    await expect(runner.run(async () => "main")).resolves.toBe("main");
    await task;
    await runner.close();
  });

  it("inside a run(), runner.createTask of another runner is refused, createTask works", async () => {
    const other = new Runner();
    await run(async () => {
      expect(() => other.createTask(async () => 1)).toThrow(/another event loop is running.*use createTask\(fn\)/);
      expect(await createTask(async () => 2)).toBe(2);
    });
    await other.close();
  });
});

describe("Runner#close() while its run() is in progress", () => {
  it("cancels main, lets its finally run, then runs the shutdown hooks and closes the loop", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const log: string[] = [];
    const loop = runner.getLoop();
    loop.addShutdownHook(async () => {
      log.push("shutdown hook");
    });
    const main = runner.run(async () => {
      try {
        await sleep(60_000);
      } finally {
        await sleep(5);
        log.push("main finally");
      }
    });
    const outcome = main.then(
      () => "resolved",
      (err: unknown) => (err instanceof CancelledError ? "CancelledError" : String(err)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await runner.close();
    expect(await outcome).toBe("CancelledError");
    expect(log).toEqual(["main finally", "shutdown hook"]);
    expect(loop.isClosed()).toBe(true);
  });
});

describe("run() at exit", () => {
  it("waits for the clean-up of tasks already cancelled, without cancelling it again", async () => {
    const log: string[] = [];
    await run(
      async () => {
        const child = createTask(async () => {
          try {
            await sleep(60_000);
          } finally {
            await sleep(30);
            log.push(`child clean-up done @${getRunningLoop().time()}`);
          }
        });
        await sleep(10);
        child.cancel(); // still cleaning up when main returns
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["child clean-up done @40"]);
  });
});

describe("tsio from an http server's handlers (real loopback requests)", () => {
  it("run() per request fails once two overlap; one Runner with createTask per request serves both", async () => {
    const child = await runNodeScript(`
      import http from "node:http";
      ${importTasks("run, sleep, Runner")}
      const runner = new Runner();
      const serve = (perRequest) => http.createServer(async (req, res) => {
        try {
          res.end(await perRequest(async (task) => { await sleep(50); return "ok " + req.url; }));
        } catch (err) {
          res.statusCode = 500;
          res.end(err.name + (err.message.includes("another run()") && err.message.includes("runner.createTask(fn)") ? " naming runner.createTask" : ": " + err.message));
        }
      });
      for (const [name, perRequest] of [["run()", (fn) => run(fn)], ["runner.createTask", (fn) => runner.createTask(fn)]]) {
        const server = serve(perRequest);
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        const get = (path) => fetch("http://127.0.0.1:" + server.address().port + path).then(async (r) => r.status + " " + (await r.text()));
        console.log(name + ": " + (await Promise.all([get("/a"), get("/b")])).join(" | "));
        await new Promise((resolve) => server.close(resolve));
      }
      await runner.close();
    `);
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe(
      "run(): 200 ok /a | 500 EventLoopError naming runner.createTask\n" +
        "runner.createTask: 200 ok /a | 200 ok /b\n",
    );
    expect(child.code).toBe(0);
  });
});
