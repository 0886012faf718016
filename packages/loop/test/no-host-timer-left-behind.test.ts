import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type Clock, type ClockWait, EventLoop, MonotonicClock } from "../src/index.js";

const distEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** The real clock, counting the host timers it holds. */
class CountingClock implements Clock {
  private readonly real = new MonotonicClock();
  live = 0;
  now(): number {
    return this.real.now();
  }
  wait(deadline: number, wake: () => void): ClockWait {
    this.live++;
    let open = true;
    const close = (): void => {
      if (open) {
        open = false;
        this.live--;
      }
    };
    const inner = this.real.wait(deadline, () => {
      close();
      wake();
    });
    return {
      cancel: () => {
        close();
        inner.cancel();
      },
    };
  }
}

function runNode(script: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - start });
    });
  });
}

describe("after a run no host timer is left", () => {
  it("runUntilComplete releases its clock wait though a far timer is still scheduled", async () => {
    const clock = new CountingClock();
    const loop = new EventLoop({ clock });
    const far = loop.callLater(60_000, () => {});
    const fut = loop.createFuture<string>();
    loop.callLater(2, () => fut.setResult("done"));
    await loop.runUntilComplete(fut);
    expect(clock.live).toBe(0);
    expect(far.cancelled()).toBe(false);
    expect(loop.pendingWork().timers).toBe(1);
    loop.close();
    expect(clock.live).toBe(0);
  });

  it("cancelling the earliest timer while idle releases the host timer held for it", async () => {
    const clock = new CountingClock();
    const loop = new EventLoop({ clock });
    const far = loop.callLater(60_000, () => {});
    const running = loop.runForever();
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.live).toBe(1);
    far.cancel();
    expect(clock.live).toBe(0);
    loop.stop();
    await running;
    loop.close();
  });

  it("a node process using the built package exits promptly after its run", async () => {
    expect(existsSync(distEntry), `build @tsio/loop first (${distEntry} is missing)`).toBe(true);
    const script = `
      import { EventLoop } from ${JSON.stringify(pathToFileURL(distEntry).href)};
      const loop = new EventLoop();
      const cancelledFar = loop.callLater(120000, () => console.log("cancelled timer ran"));
      loop.callLater(90000, () => console.log("far timer ran"));
      const fut = loop.createFuture();
      loop.callLater(1, () => { cancelledFar.cancel(); fut.setResult(42); });
      console.log("result", await loop.runUntilComplete(fut));
      // Deliberately not closed: a stopped loop must not hold the process open by itself.
    `;
    const { code, stdout, stderr, ms } = await runNode(script);
    expect(stderr).toBe("");
    expect(stdout.trim()).toBe("result 42");
    expect(code).toBe(0);
    // Far below the 90 s timer still scheduled: only the run's own work kept the process alive.
    expect(ms).toBeLessThan(15_000);
  }, 40_000);
});
