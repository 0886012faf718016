import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("a loop busy with callSoon chains still lets Node run its own callbacks", () => {
  it("a setImmediate callback runs while the chain goes on", async () => {
    const loop = new EventLoop();
    let spins = 0;
    let stopSpinning = false;
    const done = loop.createFuture<number>();
    const start = performance.now();
    // The guard lives in the chain itself: a starved host cannot fire a timer to end the test.
    const spin = (): void => {
      spins++;
      if (performance.now() - start > 8000 && !done.done()) {
        done.setException(new Error("setImmediate was starved for 8 s"));
      }
      if (!stopSpinning && !done.done()) loop.callSoon(spin);
    };
    loop.callSoon(() => {
      spin();
      setImmediate(() => {
        if (!done.done()) done.setResult(spins);
      });
    });
    const spinsAtImmediate = await loop.runUntilComplete(done);
    stopSpinning = true;
    loop.close();
    expect(spinsAtImmediate).toBeGreaterThan(1);
  }, 15_000);

  it("a setImmediate callback runs while foreign microtasks keep waking an idle loop", async () => {
    // Each callback ends its iteration idle, then a tick-plus-microtask from outside the loop wakes
    // it again: the wake-up path (not the batch budget) is what must hand control back to Node.
    const loop = new EventLoop();
    let wakes = 0;
    const done = loop.createFuture<number>();
    const start = performance.now();
    const fromOutside = (): void => {
      process.nextTick(() => queueMicrotask(() => loop.callSoon(work)));
    };
    const work = (): void => {
      wakes++;
      if (performance.now() - start > 8000 && !done.done()) {
        done.setException(new Error("setImmediate was starved for 8 s by microtask wake-ups"));
      }
      if (!done.done()) fromOutside();
    };
    loop.callSoon(() => {
      setImmediate(() => {
        if (!done.done()) done.setResult(wakes);
      });
      fromOutside();
    });
    const wakesAtImmediate = await loop.runUntilComplete(done);
    loop.close();
    expect(wakesAtImmediate).toBeGreaterThan(1);
  }, 15_000);

  it("a real socket round trip on 127.0.0.1 completes while the chain goes on", async () => {
    const loop = new EventLoop();
    let spins = 0;
    let stopSpinning = false;
    const received = loop.createFuture<{ text: string; spinsBefore: number }>();
    const start = performance.now();
    const spin = (): void => {
      spins++;
      if (performance.now() - start > 8000 && !received.done()) {
        received.setException(new Error("socket callbacks were starved for 8 s"));
      }
      if (!stopSpinning && !received.done()) loop.callSoon(spin);
    };
    let server: Server | undefined;
    let client: Socket | undefined;

    loop.callSoon(() => {
      spin();
      const spinsBefore = spins;
      server = createServer((sock) => {
        sock.on("data", (chunk) => {
          if (!received.done()) received.setResult({ text: chunk.toString(), spinsBefore });
          sock.end();
        });
      });
      server.listen(0, "127.0.0.1", () => {
        const address = server!.address();
        if (address === null || typeof address === "string") throw new Error("no TCP address");
        client = connect(address.port, "127.0.0.1", () => client!.write("hello through the busy loop"));
        client.on("error", (err) => {
          if (!received.done()) received.setException(err);
        });
      });
    });

    try {
      const { text, spinsBefore } = await loop.runUntilComplete(received);
      expect(text).toBe("hello through the busy loop");
      // The chain was still going when the data arrived.
      expect(spins).toBeGreaterThan(spinsBefore + 1);
    } finally {
      stopSpinning = true;
      client?.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      loop.close();
    }
  }, 15_000);
});
