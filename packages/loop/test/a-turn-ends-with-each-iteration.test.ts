import { describe, expect, it } from "vitest";
import { currentTurn, EventLoop, endTurnSoon } from "../src/index.js";

describe("a turn is one host run or loop iteration with its microtasks", () => {
  it("stays the same through an iteration's callbacks and microtasks, and changes at the next iteration", async () => {
    const loop = new EventLoop();
    const seen: [string, number][] = [];
    loop.callSoon(() => {
      seen.push(["a", currentTurn()]);
      endTurnSoon(false);
      void Promise.resolve()
        .then(() => seen.push(["microtask of a", currentTurn()]))
        .then(() => seen.push(["its next microtask", currentTurn()]));
      loop.callSoon(() => seen.push(["next iteration", currentTurn()]));
    });
    loop.callSoon(() => seen.push(["b", currentTurn()]));
    const done = loop.createFuture<void>();
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => done.setResult())));
    await loop.runUntilComplete(done);
    loop.close();
    const turnOf = new Map(seen);
    expect(turnOf.get("b")).toBe(turnOf.get("a"));
    expect(turnOf.get("microtask of a")).toBe(turnOf.get("a"));
    expect(turnOf.get("its next microtask")).toBe(turnOf.get("a"));
    expect(turnOf.get("next iteration")).not.toBe(turnOf.get("a"));
  });

  it("outside a loop iteration ends once asked for, after the microtasks of that run", async () => {
    const start = currentTurn();
    endTurnSoon(false);
    await Promise.resolve();
    const inMicrotask = currentTurn();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(inMicrotask).toBe(start);
    expect(currentTurn()).not.toBe(start);
    const later = currentTurn();
    // Nobody asked: the number stays.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(currentTurn()).toBe(later);
  });
});
