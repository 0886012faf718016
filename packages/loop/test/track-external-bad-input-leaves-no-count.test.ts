import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("trackExternal(bad input) throws and leaves the external-work count alone", () => {
  it("a non-thenable is a TypeError at the call, with nothing counted", () => {
    const loop = new EventLoop();
    for (const bad of [5, null, undefined, "p", {}]) {
      expect(() => loop.trackExternal(bad as never)).toThrow(TypeError);
      expect(() => loop.trackExternal(bad as never)).toThrow(/trackExternal\(promise\): promise must be a promise/);
    }
    expect(loop.externalWorkInFlight()).toBe(0);
    loop.close();
  });

  it("a thenable whose then() throws: the error goes on, the count goes back", () => {
    const loop = new EventLoop();
    const boom = new Error("then exploded");
    const hostile = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of the test.
      then() {
        throw boom;
      },
    };
    expect(() => loop.trackExternal(hostile)).toThrow(boom);
    expect(loop.externalWorkInFlight()).toBe(0);
    loop.close();
  });
});
