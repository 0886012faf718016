import { CancelledError, getRunningLoop } from "@tsio/loop";
import { createTask, run } from "@tsio/tasks";
import { describe, expect, it, test } from "vitest";
import { openChannel } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

test("a send cancelled while it waits leaves nothing in the channel", async () => {
  await run(async () => {
    for (const size of [0, 1]) {
      const [send, receive] = openChannel<string>(size);
      if (size === 1) send.sendNowait("kept");
      const sender = createTask(() => send.send("dropped"));
      await spin(2);
      sender.cancel();
      expect(await outcome(sender)).toBe("cancelled");
      expect(send.statistics()).toMatchObject({ currentBufferUsed: size, tasksWaitingSend: 0 });
      send.close();
      const rest: string[] = [];
      for await (const item of receive) rest.push(item);
      expect(rest).toEqual(size === 1 ? ["kept"] : []);
    }
  });
});

describe("a receive woken for an item, then cancelled before it resumes, loses nothing", () => {
  for (const size of [0, 2]) {
    it(`buffer ${size}: the cancel arrives before the wake-up runs`, async () => {
      await run(async () => {
        const [send, receive] = openChannel<string>(size);
        const first = createTask(() => receive.receive());
        const second = createTask(() => receive.receive());
        await spin();
        send.sendNowait("item"); // wakes `first`
        first.cancel();
        await expect(first).rejects.toBeInstanceOf(CancelledError);
        expect(await second).toBe("item");
      });
    });

    it(`buffer ${size}: the cancel arrives after the wake-up ran, in the same iteration`, async () => {
      await run(async () => {
        const [send, receive] = openChannel<string>(size);
        const first = createTask(() => receive.receive());
        await spin();
        send.sendNowait("item");
        getRunningLoop().callSoon(() => first.cancel());
        await expect(first).rejects.toBeInstanceOf(CancelledError);
        // Held beyond buffer size 0 until the next receiver takes it: the sender had already returned.
        expect(receive.statistics().currentBufferUsed).toBe(1);
        expect(receive.receiveNowait()).toBe("item");
      });
    });
  }
});

test("at size 0, a sender woken by a receiver and then cancelled passes the chance to the next sender", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const first = createTask(() => send.send("first"));
    const second = createTask(() => send.send("second"));
    await spin();
    const receiver = createTask(() => receive.receive()); // wakes `first`
    await spin(0);
    getRunningLoop().callSoon(() => first.cancel());
    expect(await outcome(first)).toBe("cancelled");
    expect(await receiver).toBe("second");
    await second;
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, tasksWaitingSend: 0, tasksWaitingReceive: 0 });
  });
});

test("a cancel request pending when a send or receive starts is raised there, and nothing moves", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const sender = createTask(async () => {
      cancelMyself();
      await send.send("never");
    });
    const receiver = createTask(async () => {
      cancelMyself();
      await receive.receive();
    });
    expect(await outcome(sender)).toBe("cancelled");
    expect(await outcome(receiver)).toBe("cancelled");
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, tasksWaitingSend: 0, tasksWaitingReceive: 0 });
  });
});
