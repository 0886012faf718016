import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { openChannel, WouldBlock } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("sendNowait() throws WouldBlock when the buffer is full, or at size 0 when no receiver waits", async () => {
  await run(async () => {
    const [send0, receive0] = openChannel<number>(0);
    expect(() => send0.sendNowait(1)).toThrow(/no receiver is waiting/);
    const receiver = createTask(() => receive0.receive());
    await spin();
    send0.sendNowait(1);
    expect(await receiver).toBe(1);

    const [send, receive] = openChannel<number>(1);
    send.sendNowait(1);
    expect(() => send.sendNowait(2)).toThrow(WouldBlock);
    expect(receive.receiveNowait()).toBe(1);
  });
});

test("receiveNowait() throws WouldBlock while nothing is buffered and no sender waits; at size 0 it takes a waiting sender's item", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(0);
    expect(() => receive.receiveNowait()).toThrow(/no item is buffered and no sender is waiting/);
    const sender = createTask(() => send.send(7));
    await spin();
    // The waiting sender's item is taken from it (Trio's receive_nowait), and its send returns.
    expect(receive.receiveNowait()).toBe(7);
    await sender;
    expect(sender.done() && !sender.cancelled()).toBe(true);
    expect(() => receive.receiveNowait()).toThrow(WouldBlock);
  });
});
