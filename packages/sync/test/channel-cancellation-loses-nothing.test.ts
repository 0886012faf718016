import { CancelledError, getRunningLoop } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
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

test("at size 0 a receiver takes the waiting sender's item: a cancel arriving after that lets the send return and lands at the sender's next await", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    let sendReturned = false;
    const first = createTask(async () => {
      await send.send("first");
      sendReturned = true;
      await sleep(0); // the cancellation lands here
      return "not reached";
    });
    const second = createTask(() => send.send("second"));
    await spin();
    const receiver = createTask(() => receive.receive()); // takes "first" from the waiting sender
    await spin(0);
    getRunningLoop().callSoon(() => first.cancel());
    expect(await receiver).toBe("first");
    expect(await outcome(first)).toBe("cancelled");
    expect(sendReturned).toBe(true);
    // The other sender still waits with its item, for the next receiver.
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, tasksWaitingSend: 1, tasksWaitingReceive: 0 });
    expect(await receive.receive()).toBe("second");
    await second;
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, tasksWaitingSend: 0, tasksWaitingReceive: 0 });
  });
});

test("at size 0 a sender cancelled while it waits is never taken: the receiver gets the next sender's item", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const first = createTask(() => send.send("first"));
    const second = createTask(() => send.send("second"));
    await spin();
    first.cancel();
    expect(await receive.receive()).toBe("second");
    expect(await outcome(first)).toBe("cancelled");
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

test("at size 0 a send whose item is taken before its await registers (then() runs a microtask late) still returns; a cancel meanwhile lands at the next await", async () => {
  await run(async (task) => {
    const [send, receive] = openChannel<string>(0);
    const sending = send.send("x"); // suspended at its await; the waiter is queued with the item
    expect(receive.receiveNowait()).toBe("x");
    task.cancel();
    await expect(sending).resolves.toBeUndefined();
    await expect(sleep(0)).rejects.toBeInstanceOf(CancelledError);
    task.uncancel();
  });
});
