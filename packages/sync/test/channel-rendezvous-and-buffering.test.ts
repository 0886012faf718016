import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { openChannel } from "../src/index.js";
import { spin } from "./helpers/outcome.js";

test("at buffer size 0 a send waits until a receiver takes the item (a rendezvous)", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>();
    const log: string[] = [];
    const sender = createTask(async () => {
      await send.send("a");
      log.push("sent a");
    });
    await spin(5);
    expect(sender.done()).toBe(false);
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, maxBufferSize: 0, tasksWaitingSend: 1 });
    expect(log).toEqual([]);
    log.push(`got ${await receive.receive()}`);
    await sender;
    // The send completes once a waiting receiver has the item, so its line may come first.
    expect(log.sort()).toEqual(["got a", "sent a"]);

    // A receiver that is already waiting takes the item without the sender waiting at all.
    const receiver = createTask(() => receive.receive());
    await spin();
    expect(receive.statistics().tasksWaitingReceive).toBe(1);
    send.sendNowait("b");
    expect(await receiver).toBe("b");
  });
});

test("with a buffer, send() waits only while it is full, and items arrive in order", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(2);
    await send.send(1);
    await send.send(2);
    const third = createTask(() => send.send(3));
    await spin(3);
    expect(third.done()).toBe(false);
    expect(receive.statistics()).toMatchObject({ currentBufferUsed: 2, maxBufferSize: 2, tasksWaitingSend: 1 });
    expect(await receive.receive()).toBe(1);
    await third;
    expect(await receive.receive()).toBe(2);
    expect(await receive.receive()).toBe(3);
  });
});

test("many producers and consumers: every item arrives exactly once, each producer's items in order", async () => {
  await run(async () => {
    for (const size of [0, 1, 3, Number.POSITIVE_INFINITY]) {
      const [send, receive] = openChannel<string>(size);
      const got: string[][] = [[], [], []];
      const consumers = got.map((mine) => {
        const rx = receive.clone();
        return createTask(async () => {
          for await (const item of rx) {
            mine.push(item);
            await sleep(0);
          }
        });
      });
      receive.close();
      const producers = ["a", "b"].map((name) => {
        const tx = send.clone();
        return createTask(async () => {
          using out = tx;
          for (let i = 0; i < 20; i++) await out.send(`${name}${i}`);
        });
      });
      send.close();
      for (const t of [...producers, ...consumers]) await t;
      const all = got.flat();
      expect(all.sort()).toEqual([...Array.from({ length: 20 }, (_, i) => `a${i}`), ...Array.from({ length: 20 }, (_, i) => `b${i}`)].sort());
      for (const mine of got) {
        for (const name of ["a", "b"]) {
          const seq = mine.filter((s) => s.startsWith(name)).map((s) => Number(s.slice(1)));
          expect(seq).toEqual([...seq].sort((x, y) => x - y));
        }
      }
    }
  });
});

test("an unbounded channel never makes a sender wait; statistics() describes the channel from either half", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 1000; i++) send.sendNowait(i);
    const clone = receive.clone();
    expect(send.statistics()).toEqual({
      currentBufferUsed: 1000,
      maxBufferSize: Number.POSITIVE_INFINITY,
      openSendChannels: 1,
      openReceiveChannels: 2,
      tasksWaitingSend: 0,
      tasksWaitingReceive: 0,
    });
    expect(clone.receiveNowait()).toBe(0);
    expect(String(send)).toBe("<SendChannel open buffered=999/Infinity>");
    expect(String(receive)).toBe("<ReceiveChannel open buffered=999/Infinity>");
  });
});

test("a bad bufferSize throws at the call, naming the argument", () => {
  expect(() => openChannel(-1)).toThrow(/openChannel\(bufferSize\): bufferSize must be at least 0, got -1/);
  expect(() => openChannel(1.5)).toThrow(TypeError);
  expect(() => openChannel(Number.NaN)).toThrow(TypeError);
  expect(() => openChannel("1" as unknown as number)).toThrow(/must be an integer or Infinity, got the string "1"/);
});
