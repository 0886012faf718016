import { createTask, run } from "@tsio/tasks";
import { expect, test } from "vitest";
import { BrokenResourceError, ClosedResourceError, EndOfChannel, openChannel } from "../src/index.js";
import { outcome, spin } from "./helpers/outcome.js";

test("for await ends once every send half is closed and the buffer is drained; then receive() throws EndOfChannel", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(4);
    const second = send.clone();
    await send.send(1);
    send.close();
    await second.send(2);
    const got: number[] = [];
    const consumer = createTask(async () => {
      for await (const n of receive) got.push(n);
      return "ended";
    });
    await spin(3);
    expect(consumer.done()).toBe(false); // one send half is still open
    second.close();
    expect(await consumer).toBe("ended");
    expect(got).toEqual([1, 2]);
    await expect(receive.receive()).rejects.toBeInstanceOf(EndOfChannel);
    expect(() => receive.receiveNowait()).toThrow(EndOfChannel);
  });
});

test("a receiver waiting when the last send half closes gets EndOfChannel", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>();
    const waiting = createTask(() => receive.receive());
    await spin();
    send.close();
    expect(await outcome(waiting)).toBe("EndOfChannel");
  });
});

test("send() throws BrokenResourceError once every receive half is closed, also to a sender already waiting", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(1);
    await send.send(1);
    const waiting = createTask(() => send.send(2));
    const other = receive.clone();
    await spin();
    receive.close();
    await spin();
    expect(waiting.done()).toBe(false); // `other` can still receive
    other.close();
    expect(await outcome(waiting)).toBe("BrokenResourceError");
    expect(send.statistics().currentBufferUsed).toBe(0); // nobody can receive what was buffered
    await expect(send.send(3)).rejects.toBeInstanceOf(BrokenResourceError);
    expect(() => send.sendNowait(3)).toThrow(/every receive half is closed/);
  });
});

test("a closed half throws ClosedResourceError, also to its own waiting call; the other halves go on", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>();
    const otherSend = send.clone();
    const otherReceive = receive.clone();
    const waitingSend = createTask(() => send.send("x"));
    const waitingOtherSend = createTask(() => otherSend.send("y"));
    await spin();
    send.close();
    expect(send.closed).toBe(true);
    expect(await outcome(waitingSend)).toBe("ClosedResourceError");
    await expect(send.send("z")).rejects.toBeInstanceOf(ClosedResourceError);
    expect(() => send.sendNowait("z")).toThrow(ClosedResourceError);
    expect(() => send.clone()).toThrow(ClosedResourceError);
    expect(await otherReceive.receive()).toBe("y");
    await waitingOtherSend;

    const waitingReceive = createTask(() => receive.receive());
    await spin();
    receive.close();
    expect(await outcome(waitingReceive)).toBe("ClosedResourceError");
    expect(() => receive.receiveNowait()).toThrow(ClosedResourceError);
    expect(() => receive.clone()).toThrow(ClosedResourceError);
    receive.close(); // a second close does nothing
    expect(receive.statistics().openReceiveChannels).toBe(1);
    const late = createTask(() => otherReceive.receive());
    await otherSend.send("w");
    expect(await late).toBe("w");
  });
});

test("await using and using close a half at the end of the block", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(1);
    {
      await using tx = send;
      await tx.send(1);
    }
    expect(send.closed).toBe(true);
    {
      using rx = receive;
      expect(await rx.receive()).toBe(1);
      await expect(rx.receive()).rejects.toBeInstanceOf(EndOfChannel);
    }
    expect(receive.closed).toBe(true);
    expect(receive.statistics()).toMatchObject({ openSendChannels: 0, openReceiveChannels: 0 });
  });
});

test("break out of for await leaves the half open and the rest of the items in the channel", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(3);
    for (const n of [1, 2, 3]) send.sendNowait(n);
    for await (const n of receive) if (n === 1) break;
    expect(receive.closed).toBe(false);
    expect(receive.receiveNowait()).toBe(2);
  });
});
