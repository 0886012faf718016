import { CancelledError } from "@tsio/loop";
import { createTask, run, sleep } from "@tsio/tasks";
import { expect, test } from "vitest";
import { BrokenResourceError, ClosedResourceError, openChannel } from "../src/index.js";
import { cancelMyself, outcome, spin } from "./helpers/outcome.js";

/** Counts loop iterations (one `sleep(0)` each) from now until the returned function is awaited. */
function countIterations(): () => Promise<number> {
  let iterations = 0;
  let counting = true;
  const ticker = createTask(async () => {
    while (counting) {
      await sleep(0);
      iterations++;
    }
  });
  return async () => {
    counting = false;
    await ticker;
    return iterations;
  };
}

test("two tasks trading items back to back meet within a turn: a rendezvous costs no loop iteration", async () => {
  await run(async () => {
    for (const size of [0, 1]) {
      const [send, receive] = openChannel<number>(size);
      const loopIterations = countIterations();
      const producer = createTask(async () => {
        for (let i = 0; i < 2000; i++) await send.send(i);
        send.close();
      });
      let sum = 0;
      for await (const n of receive) sum += n;
      await producer;
      const iterations = await loopIterations();
      expect(sum).toBe((1999 * 2000) / 2);
      // Waiting on a future per item would take about one iteration per item.
      expect(iterations).toBeLessThan(100);
    }
  });
});

test("a pair trading through a rendezvous for a long time still lets the loop run: a turn of meetings lasts at most 4 ms", async () => {
  await run(async () => {
    const [send, receive] = openChannel<number>(0);
    const loopIterations = countIterations();
    let items = 0;
    const started = performance.now();
    const producer = createTask(async () => {
      // Busy work, not a sleep: the pair trades for 60 ms of real time.
      while (performance.now() - started < 60) await send.send(items++);
      send.close();
    });
    for await (const _ of receive);
    await producer;
    const iterations = await loopIterations();
    expect(iterations).toBeGreaterThanOrEqual(5);
    // Still many items per trip through the loop.
    expect(items / iterations).toBeGreaterThan(20);
  });
});

test("at size 0 a send whose item was offered and not taken waits first in line, ahead of later senders", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const first = createTask(() => send.send("first")); // offers, then waits at the head
    const second = createTask(() => send.send("second"));
    await spin(2);
    expect(send.statistics()).toMatchObject({ tasksWaitingSend: 2, currentBufferUsed: 0 });
    expect(await receive.receive()).toBe("first");
    expect(await receive.receive()).toBe("second");
    await first;
    await second;
  });
});

test("at size 0 a receiver that got nothing while it was ready waits first in line, ahead of later receivers", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const first = createTask(() => receive.receive());
    const second = createTask(() => receive.receive());
    await spin(2);
    expect(receive.statistics().tasksWaitingReceive).toBe(2);
    send.sendNowait("a");
    send.sendNowait("b");
    expect(await first).toBe("a");
    expect(await second).toBe("b");
  });
});

test("a send cancelled while its item is offered leaves nothing in the channel", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const sending = send.send("dropped"); // offered for one microtask
    expect(send.statistics().tasksWaitingSend).toBe(1);
    cancelMyself();
    await expect(sending).rejects.toBeInstanceOf(CancelledError);
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, tasksWaitingSend: 0 });
    send.close();
    const rest: string[] = [];
    for await (const item of receive) rest.push(item);
    expect(rest).toEqual([]);
  });
});

test("a send whose half is closed or whose receivers all close while its item is offered fails, and nothing stays behind", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const mine = send.clone();
    const closedUnder = mine.send("x");
    mine.close();
    expect(await outcome(closedUnder)).toBe("ClosedResourceError");
    expect(send.statistics()).toMatchObject({ tasksWaitingSend: 0, currentBufferUsed: 0 });

    const broken = send.send("y");
    receive.close();
    expect(await outcome(broken)).toBe("BrokenResourceError");
    await expect(send.send("z")).rejects.toBeInstanceOf(BrokenResourceError);
  });
});

test("a receive handed an item while it was ready, then cancelled, loses nothing: the item goes first in line", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const receiving = receive.receive(); // ready for one microtask
    expect(receive.statistics().tasksWaitingReceive).toBe(1);
    send.sendNowait("kept"); // handed to the ready receiver: the send is done
    cancelMyself();
    await expect(receiving).rejects.toBeInstanceOf(CancelledError);
    expect(receive.statistics().currentBufferUsed).toBe(1);
    expect(receive.receiveNowait()).toBe("kept");
  });
});

test("a receive handed an item while it was ready, whose half is then closed, passes the item on to the other receivers", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const mine = receive.clone();
    const receiving = mine.receive(); // ready for one microtask
    send.sendNowait("passed"); // handed to it
    mine.close();
    await expect(receiving).rejects.toBeInstanceOf(ClosedResourceError);
    expect(receive.receiveNowait()).toBe("passed");
  });
});

test("a receive handed an item while it was ready, when the last receive half closes, drops it with the buffer", async () => {
  await run(async () => {
    const [send, receive] = openChannel<string>(0);
    const receiving = receive.receive();
    send.sendNowait("dropped");
    receive.close();
    await expect(receiving).rejects.toBeInstanceOf(ClosedResourceError);
    expect(send.statistics()).toMatchObject({ currentBufferUsed: 0, openReceiveChannels: 0 });
    await expect(send.send("more")).rejects.toBeInstanceOf(BrokenResourceError);
  });
});
