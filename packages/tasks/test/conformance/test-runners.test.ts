// Conformance: CPython's Lib/test/test_asyncio/test_runners.py (RunTests, RunnerTests) translated
// to tsio's run() and Runner. Ctrl-C cases run in a real child process, which signals itself as
// CPython's tests interrupt their own main thread.
import { CancelledError, EventLoopError, type ExceptionContext, getRunningLoop } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { createTask, Runner, run, sleep, type Task } from "../../src/index.js";
import { importTasks, runNodeScript } from "../helpers/node-child.js";
import { runVirtual } from "./helpers.js";

/** Runs `fn` with TSIO_DEBUG set to `value` (or unset), restoring it after. */
async function withDebugEnv<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TSIO_DEBUG;
  if (value === undefined) delete process.env.TSIO_DEBUG;
  else process.env.TSIO_DEBUG = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TSIO_DEBUG;
    else process.env.TSIO_DEBUG = saved;
  }
}

describe("RunTests", () => {
  it("test_asyncio_run_return", async () => {
    expect(
      await runVirtual(async () => {
        await sleep(0);
        return 42;
      }),
    ).toBe(42);
  });

  it("test_asyncio_run_raises", async () => {
    await expect(
      runVirtual(async () => {
        await sleep(0);
        throw new RangeError("spam");
      }),
    ).rejects.toThrow("spam");
  });

  it("test_asyncio_run_only_coro", async () => {
    // Differs: CPython accepts only a coroutine (a lambda returning None is refused). A tsio main is
    // any function, synchronous ones included; what is not a function is a TypeError at the call.
    expect(() => run(1 as never)).toThrow(TypeError);
    expect(await run(() => null)).toBeNull();
  });

  it("test_asyncio_run_debug", async () => {
    const debugOf = (options?: { debug: boolean }) => run(async () => getRunningLoop().getDebug(), options);
    await withDebugEnv(undefined, async () => {
      expect(await debugOf()).toBe(false);
      expect(await debugOf({ debug: true })).toBe(true);
    });
    // CPython patches its debug-mode switch; tsio's is TSIO_DEBUG=1.
    await withDebugEnv("1", async () => {
      expect(await debugOf()).toBe(true);
      expect(await debugOf({ debug: false })).toBe(false);
    });
  });

  it("test_asyncio_run_from_running_loop", async () => {
    await expect(
      run(async () => {
        run(async () => {});
      }),
    ).rejects.toThrow(/cannot be called from a running/);
    await expect(run(async () => run(async () => {}))).rejects.toBeInstanceOf(EventLoopError);
  });

  it("test_asyncio_run_cancels_hanging_tasks", async () => {
    let leftover: Task<void> | undefined;
    const result = await runVirtual(async () => {
      leftover = createTask(() => sleep(100));
      return 123;
    });
    expect(result).toBe(123);
    expect(leftover?.done()).toBe(true);
    expect(leftover?.cancelled()).toBe(true);
  });

  it("test_asyncio_run_reports_hanging_tasks_errors", async () => {
    const calls: ExceptionContext[] = [];
    let leftover: Task<void> | undefined;
    const result = await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => {
        calls.push(context);
      });
      leftover = createTask(async () => {
        try {
          await sleep(100);
        } catch (err) {
          if (err instanceof CancelledError) throw new RangeError("1 / 0");
          throw err;
        }
      });
      return 123;
    });
    expect(result).toBe(123);
    expect(leftover?.done()).toBe(true);
    const last = calls.at(-1);
    expect(last?.message).toMatch(/run\(\).*shutdown/);
    expect(last?.task).toBe(leftover);
    expect(last?.exception).toBeInstanceOf(RangeError);
  });

  it("test_asyncio_run_closes_gens_after_hanging_tasks_errors", async () => {
    class FancyExit extends Error {}
    let spinner: AsyncGenerator<number> | undefined;
    let lazyboy: Task<void> | undefined;
    async function* fidget(): AsyncGenerator<number> {
      for (;;) {
        yield 1;
        await sleep(1000);
      }
    }
    await expect(
      runVirtual(async () => {
        getRunningLoop().setExceptionHandler(() => {});
        lazyboy = createTask(async () => {
          spinner = fidget();
          try {
            for await (const _ of spinner) {
              // spin
            }
          } catch (err) {
            if (err instanceof CancelledError) throw new RangeError("1 / 0");
            throw err;
          }
        });
        throw new FancyExit();
      }),
    ).rejects.toBeInstanceOf(FancyExit);
    expect(lazyboy?.done()).toBe(true);
    // The generator was left by its cancelled await and is finished, not suspended.
    expect(spinner).toBeDefined();
    expect(await spinner?.next()).toEqual({ done: true, value: undefined });
  });
});

describe("RunnerTests", () => {
  it("test_non_debug", async () => {
    const runner = new Runner({ debug: false });
    expect(runner.getLoop().getDebug()).toBe(false);
    await runner.close();
  });

  it("test_debug", async () => {
    const runner = new Runner({ debug: true });
    expect(runner.getLoop().getDebug()).toBe(true);
    await runner.close();
  });

  it("test_run", async () => {
    const runner = new Runner();
    const f = async () => {
      await sleep(0);
      return "done";
    };
    expect(await runner.run(f)).toBe("done");
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow(EventLoopError);
    expect(() => runner.getLoop()).toThrow(/Runner is closed/);
    expect(loop.isClosed()).toBe(true);
  });

  it("test_run_non_coro", async () => {
    const runner = new Runner();
    expect(() => runner.run(123 as never)).toThrow(TypeError);
    await runner.close();
  });

  it("test_run_future", async () => {
    // Differs: CPython 3.12+ runs a future given to Runner.run(); tsio's run() takes a function
    // (a future is refused with a TypeError naming the fix), and a function returning the future
    // gives its result.
    const runner = new Runner();
    const fut = runner.getLoop().createFuture<string>();
    fut.setResult("done");
    expect(() => runner.run(fut as never)).toThrow(TypeError);
    expect(await runner.run(() => fut)).toBe("done");
    await runner.close();
  });

  it("test_run_awaitable", async () => {
    // CPython's object with __await__ is a thenable; the function hands it back.
    const runner = new Runner();
    const myAwaitable = {
      // biome-ignore lint/suspicious/noThenProperty: a custom awaitable is the point of the test.
      then(resolve: (v: string) => void) {
        (async () => "done")().then(resolve);
      },
    } as PromiseLike<string>;
    expect(await runner.run(() => myAwaitable)).toBe("done");
    await runner.close();
  });

  it("test_explicit_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow(/Runner is closed/);
    expect(loop.isClosed()).toBe(true);
  });

  it("test_double_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    // The second call does nothing.
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("test_second_with_block_raises", async () => {
    // tsio has no `with` block: a closed runner refuses a second run the same way.
    const ret: number[] = [];
    const f = (arg: number) => async () => {
      ret.push(arg);
    };
    const runner = new Runner();
    await runner.run(f(1));
    await runner.close();
    expect(() => runner.run(f(2))).toThrow(/Runner is closed/);
    expect(ret).toEqual([1]);
  });

  it("test_recursive_run", async () => {
    const runner = new Runner();
    let gStarted = false;
    const g = async () => {
      gStarted = true;
    };
    await expect(
      runner.run(async () => {
        runner.run(g);
      }),
    ).rejects.toThrow(/run\(\) cannot be called from a running event loop/);
    // The function was never called, so nothing is left half started.
    expect(gStarted).toBe(false);
    await runner.close();
  });

  it("test_no_repr_is_call_on_the_task_result", async () => {
    let reprCount = 0;
    class MyResult {
      toString(): string {
        reprCount++;
        return "MyResult";
      }
      [Symbol.for("nodejs.util.inspect.custom")](): string {
        reprCount++;
        return "MyResult";
      }
    }
    const runner = new Runner();
    const result = await runner.run(async () => new MyResult());
    await runner.close();
    expect(result).toBeInstanceOf(MyResult);
    expect(reprCount).toBe(0);
  });

  it("test_interrupt_call_soon", async () => {
    // The main task never waits on a future: it spins on sleep(0) until Ctrl-C cancels it.
    const script = `
      ${importTasks("Runner, sleep, CancelledError, KeyboardInterrupt")}
      const runner = new Runner();
      runner.getLoop().callLater(50, () => process.kill(process.pid, "SIGINT"));
      try {
        await runner.run(async () => {
          try {
            for (;;) await sleep(0);
          } catch (err) {
            console.log("main caught " + err.constructor.name);
          }
          throw new CancelledError();
        });
        console.log("run resolved (wrong)");
      } catch (err) {
        console.log("run rejected with " + err.constructor.name);
      } finally {
        await runner.close();
      }
    `;
    const child = await runNodeScript(script);
    expect(child.stderr).toBe("");
    expect(child.stdout.trim().split("\n")).toEqual(["main caught CancelledError", "run rejected with KeyboardInterrupt"]);
    expect(child.code).toBe(0);
  });

  it("test_interrupt_wait", async () => {
    // Waiting on a future: Ctrl-C cancels both the future and the main task.
    const script = `
      ${importTasks("Runner, CancelledError")}
      // Nothing else keeps this process alive while main awaits a future nobody completes, and Node
      // would exit (code 13) before the signal lands; a real program's I/O plays this part.
      const keepAlive = setInterval(() => {}, 1000);
      const runner = new Runner();
      const fut = runner.getLoop().createFuture();
      runner.getLoop().callLater(50, () => process.kill(process.pid, "SIGINT"));
      try {
        await runner.run(async () => {
          try {
            await fut;
          } catch (err) {
            console.log("main caught " + err.constructor.name);
          }
          throw new CancelledError();
        });
      } catch (err) {
        console.log("run rejected with " + err.constructor.name);
      }
      console.log("fut cancelled: " + fut.cancelled());
      await runner.close();
      clearInterval(keepAlive);
    `;
    const child = await runNodeScript(script);
    expect(child.stderr).toBe("");
    expect(child.stdout.trim().split("\n")).toEqual([
      "main caught CancelledError",
      "run rejected with KeyboardInterrupt",
      "fut cancelled: true",
    ]);
  });

  it("test_interrupt_cancelled_task", async () => {
    // A Ctrl-C arriving after the main task was already cancelled by someone else does not turn
    // that cancellation into KeyboardInterrupt. CPython's answer does not depend on when the signal
    // lands; the clean-up sleep makes it land before main ends, so the outcome is deterministic.
    const script = `
      ${importTasks("Runner, createTask, currentTask, sleep")}
      const runner = new Runner();
      try {
        await runner.run(async () => {
          const main = currentTask();
          createTask(async () => {
            await sleep(0);
            main.cancel();
            process.kill(process.pid, "SIGINT");
          });
          try {
            await sleep(10_000);
          } finally {
            await sleep(100).catch(() => {});
          }
        });
      } catch (err) {
        console.log("run rejected with " + err.constructor.name);
      }
      await runner.close();
    `;
    const child = await runNodeScript(script);
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("run rejected with CancelledError");
    expect(child.signal).toBeNull();
  });

  it("test_signal_install_not_supported_ok", async () => {
    // CPython makes signal.signal() fail; in Node the place where Ctrl-C cannot be handled is a
    // worker thread. run() works there all the same.
    const workerCode = `
      import { parentPort } from "node:worker_threads";
      ${importTasks("run")}
      run(async () => "ran in worker").then(
        (v) => parentPort.postMessage(v),
        (e) => parentPort.postMessage("failed: " + e),
      );
    `;
    const script = `
      import { Worker } from "node:worker_threads";
      const worker = new Worker(${JSON.stringify(workerCode)}, { eval: true });
      worker.on("message", (m) => {
        console.log(m);
        worker.terminate();
      });
    `;
    const child = await runNodeScript(script);
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("ran in worker");
  });
});


