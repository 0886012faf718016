import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { EventLoop } from "../src/index.js";

describe("a loop busy with callSoon chains still lets Node run its own callbacks", () => {
  it("a setImmediate callback runs while the chain goes on", async () => {
    const loop = new EventLoop();
    let spins = 0;
    let stopSpinning = false;
    const spin = (): void => {
      spins++;
      if (!stopSpinning) loop.callSoon(spin);
    };
    const done = loop.createFuture<number>();
    loop.callSoon(() => {
      spin();
      setImmediate(() => done.setResult(spins));
    });
    const guard = setTimeout(() => {
      if (!done.done()) done.setException(new Error("setImmediate was starved for 2 s"));
    }, 2000);
    const spinsAtImmediate = await loop.runUntilComplete(done);
    clearTimeout(guard);
    stopSpinning = true;
    loop.close();
    expect(spinsAtImmediate).toBeGreaterThan(0);
    expect(spins).toBeGreaterThanOrEqual(spinsAtImmediate);
  });

  it("a real socket round trip on 127.0.0.1 completes while the chain goes on", async () => {
    const loop = new EventLoop();
    let spins = 0;
    let stopSpinning = false;
    const spin = (): void => {
      spins++;
      if (!stopSpinning) loop.callSoon(spin);
    };
    const received = loop.createFuture<{ text: string; spinsBefore: number }>();
    let server: Server | undefined;
    let client: Socket | undefined;
    const guard = setTimeout(() => {
      if (!received.done()) received.setException(new Error("socket callbacks were starved for 3 s"));
    }, 3000);

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
        client.on("error", (err) => received.done() || received.setException(err));
      });
    });

    try {
      const { text, spinsBefore } = await loop.runUntilComplete(received);
      expect(text).toBe("hello through the busy loop");
      expect(spins).toBeGreaterThan(spinsBefore);
    } finally {
      clearTimeout(guard);
      stopSpinning = true;
      client?.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      loop.close();
    }
  });
});
