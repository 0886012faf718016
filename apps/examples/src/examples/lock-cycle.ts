import { type CallGraph, captureCallGraph, createTask, gather, Lock, sleep, type Task } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "lock-cycle",
  title: "Mistake: two tasks taking two locks in opposite order",
  shows:
    "transfer holds the accounts lock and waits for the ledger, audit holds the ledger and waits for the accounts: a deadlock. captureCallGraph() reports the await cycle through the locks' holders; run alone, the program stays stuck so `tsio pstree <pid>` can show it from outside",
  kind: "mistake",
  main,
};

async function main({ print, run, interactive, virtual }: ExampleContext): Promise<void> {
  const stayStuck = interactive && !virtual;
  await run(async () => {
    const accounts = new Lock();
    const ledger = new Lock();
    const transfer = createTask(
      async () => {
        await using _accounts = await accounts.acquire();
        await sleep(10); // long enough for audit to take the ledger
        await using _ledger = await ledger.acquire();
      },
      { name: "transfer" },
    );
    const audit = createTask(
      async () => {
        await using _ledger = await ledger.acquire();
        await sleep(10);
        await using _accounts = await accounts.acquire();
      },
      { name: "audit" },
    );
    // A service would have other work going on; its timer also keeps the process alive while stuck.
    const heartbeat = createTask(
      async () => {
        for (;;) await sleep(1000);
      },
      { name: "heartbeat" },
    );
    await sleep(50);
    if (stayStuck) {
      print(`lock-cycle: stuck on purpose, pid ${process.pid}`);
      print(`inspect it from another terminal: npx tsio pstree ${process.pid} (or tsio ps); Ctrl-C ends it`);
      await gather(transfer, audit, heartbeat);
      return;
    }
    const graph = captureCallGraph();
    for (const task of [transfer, audit]) print(`${task.getName()} waits on ${holderOf(graph, task)}`);
    for (const cycle of graph.cycles) print(`captureCallGraph() finds an await cycle: ${[...cycle, cycle[0]!].map((id) => nameOf(graph, id)).join(" -> ")}`);
    print("(run it alone with `pnpm example lock-cycle` and look at it with `tsio pstree <pid>`)");
    for (const task of [transfer, audit, heartbeat]) task.cancel();
    await gather([transfer, audit, heartbeat], { returnExceptions: true });
    print(`cancelled: both locks are free again (${accounts.locked() || ledger.locked() ? "no" : "yes"})`);
  });
}

function nameOf(graph: CallGraph, id: number): string {
  return graph.tasks.find((t) => t.id === id)?.name ?? `#${id}`;
}

function holderOf(graph: CallGraph, task: Task<unknown>): string {
  const awaiting = graph.tasks.find((t) => t.name === task.getName())?.awaiting;
  if (awaiting?.kind !== "lock") return String(awaiting?.label);
  return `a lock held by ${awaiting.tasks.map((id) => nameOf(graph, id)).join(", ")}`;
}
