import { CancelledError, getRunningLoop, TimeoutError } from "@tsio/loop";
import { describe, expect, it } from "vitest";
import { prng } from "../../loop/test/helpers/prng.js";
import { CancelScope, createTask, run, sleep, TaskGroupError, taskGroup, timeout } from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

type Frame =
  | { readonly kind: "scope"; readonly shield: boolean; readonly deadline: number; readonly cancelAt: number | null }
  | { readonly kind: "timeout"; readonly ms: number }
  | { readonly kind: "group"; readonly childMs: number; readonly childFails: boolean };

interface Program {
  readonly frames: readonly Frame[];
  readonly leafMs: number;
  /** When a task outside cancels the program's task; odd, so it never ties with the program's even times. */
  readonly outsideCancelAt: number | null;
}

const even = (rand: () => number, max: number): number => 2 * (1 + Math.floor(rand() * (max / 2)));

function generate(rand: () => number): Program {
  const frames: Frame[] = [];
  const depth = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < depth; i++) {
    const pick = rand();
    if (pick < 0.5) {
      frames.push({
        kind: "scope",
        shield: rand() < 0.4,
        deadline: rand() < 0.5 ? even(rand, 60) : Number.POSITIVE_INFINITY,
        cancelAt: rand() < 0.3 ? even(rand, 60) : null,
      });
    } else if (pick < 0.8) {
      frames.push({ kind: "timeout", ms: even(rand, 60) });
    } else {
      frames.push({ kind: "group", childMs: even(rand, 60), childFails: rand() < 0.3 });
    }
  }
  return { frames, leafMs: even(rand, 80), outsideCancelAt: rand() < 0.35 ? 1 + 2 * Math.floor(rand() * 50) : null };
}

/**
 * When the leaf's sleep must end, by the rules alone: at `leafMs`, or earlier at the first
 * cancellation that reaches it. A source belongs to a frame (the outside cancel to none, index -1)
 * and is held by any shielded scope nested inside that frame.
 */
function expectedLeafEnd(p: Program): number {
  let end = p.leafMs;
  const reaches = (index: number): boolean => !p.frames.some((f, j) => j > index && f.kind === "scope" && f.shield);
  p.frames.forEach((f, i) => {
    let fires = Number.POSITIVE_INFINITY;
    if (f.kind === "scope") fires = Math.min(f.deadline, f.cancelAt ?? Number.POSITIVE_INFINITY);
    else if (f.kind === "timeout") fires = f.ms;
    else if (f.childFails) fires = f.childMs;
    if (reaches(i)) end = Math.min(end, fires);
  });
  if (p.outsideCancelAt !== null && reaches(-1)) end = Math.min(end, p.outsideCancelAt);
  return end;
}

/** Runs the frames nested outermost first around `sleep(leafMs)`; each frame's body awaits once more after its inner part. */
function execute(p: Program, leaf: { endedAt: number }): Promise<string> {
  const loop = getRunningLoop();
  const body = async (i: number): Promise<string> => {
    if (i === p.frames.length) {
      try {
        await sleep(p.leafMs);
      } finally {
        leaf.endedAt = loop.time();
      }
      return "done";
    }
    const inner = async (): Promise<string> => {
      const value = await body(i + 1);
      await sleep(0);
      return value;
    };
    const frame = p.frames[i]!;
    switch (frame.kind) {
      case "scope": {
        const scope = new CancelScope({ shield: frame.shield, deadline: frame.deadline });
        if (frame.cancelAt !== null) loop.callAt(frame.cancelAt, () => scope.cancel());
        return (await scope.run(inner)) ?? "moved on";
      }
      case "timeout":
        return timeout(frame.ms, inner);
      case "group":
        return (
          (await taskGroup(async (g) => {
            g.createTask(async () => {
              await sleep(frame.childMs);
              if (frame.childFails) throw new RangeError("child failed");
            });
            return inner();
          })) ?? "group cancelled"
        );
    }
  };
  return body(0);
}

/** A TaskGroupError made only of failures the program can cause: a child's RangeError, a timeout's TimeoutError. */
function ownFailures(error: unknown, hasTimeout: boolean, failingChild: boolean): boolean {
  if (!(error instanceof TaskGroupError)) return false;
  return error.errors.every(
    (e: unknown) =>
      (failingChild && e instanceof RangeError) || (hasTimeout && e instanceof TimeoutError) || ownFailures(e, hasTimeout, failingChild),
  );
}

interface Observed {
  readonly outcome: unknown;
  readonly outsideLanded: boolean;
  readonly cancellingAtEnd: number;
  readonly scopesLeft: unknown;
  readonly endedAt: number;
  readonly leafEndedAt: number;
}

async function observe(p: Program): Promise<Observed> {
  return run(
    async () => {
      const loop = getRunningLoop();
      let cancellingAtEnd = -1;
      let scopesLeft: unknown = "not recorded";
      const leaf = { endedAt: -1 };
      const worker = createTask(async (task) => {
        try {
          return await execute(p, leaf);
        } finally {
          cancellingAtEnd = task.cancelling();
          scopesLeft = task._extra?.scopes ?? null;
        }
      });
      let outsideLanded = false;
      if (p.outsideCancelAt !== null) {
        loop.callAt(p.outsideCancelAt, () => {
          outsideLanded = worker.cancel("outside");
        });
      }
      const outcome = await worker.then(
        (value) => value,
        (err: unknown) => err,
      );
      return { outcome, outsideLanded, cancellingAtEnd, scopesLeft, endedAt: loop.time(), leafEndedAt: leaf.endedAt };
    },
    { clock: new VirtualClock() },
  );
}

describe("cancel scopes nested at random with shields, deadlines, timeouts, task groups and an outside cancel", () => {
  it("the leaf stops at the first cancellation that can reach it, every cancellation is claimed by its owner, an outside one always propagates, and nothing leaks or hangs (600 programs)", async () => {
    const rand = prng(20261203);
    for (let n = 0; n < 600; n++) {
      const p = generate(rand);
      const seen = await observe(p);
      const where = `program ${n}: ${JSON.stringify(p)} -> ${String(seen.outcome)}`;
      const failingChild = p.frames.some((f) => f.kind === "group" && f.childFails);
      const hasTimeout = p.frames.some((f) => f.kind === "timeout");
      expect(seen.scopesLeft, where).toBeNull();
      // Interrupted exactly when the first cancellation that can reach it fires: no sooner (a shield
      // holds what comes from outside it), no later (nothing inside a shield is held by it).
      expect(seen.leafEndedAt, where).toBe(expectedLeafEnd(p));
      expect(seen.endedAt, where).toBeLessThanOrEqual(140);
      if (seen.outsideLanded) {
        // Nothing inside may swallow a cancellation from outside; only a group's failures outrank it.
        const ok = seen.outcome instanceof CancelledError || (failingChild && ownFailures(seen.outcome, hasTimeout, failingChild));
        expect(ok, where).toBe(true);
        expect(seen.cancellingAtEnd, where).toBe(1);
      } else {
        // Every scope absorbs its own cancellation and every timeout converts its own: no stray CancelledError.
        const ok =
          typeof seen.outcome === "string" ||
          (hasTimeout && seen.outcome instanceof TimeoutError) ||
          ownFailures(seen.outcome, hasTimeout, failingChild);
        expect(ok, where).toBe(true);
        expect(seen.cancellingAtEnd, where).toBe(0);
      }
    }
  }, 60_000);
});
