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

test("receiveNowait() throws WouldBlock while nothing is buffered, also with a sender waiting at size 0", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(0);
    expect(() => receive.receiveNowait()).toThrow(WouldBlock);
    const sender = createTask(() => send.send(7));
    await spin();
    // The waiting sender hands its item over only through receive(), when it resumes.
    expect(() => receive.receiveNowait()).toThrow(/no item is buffered/);
    expect(await receive.receive()).toBe(7);
    await sender;
  });
});
