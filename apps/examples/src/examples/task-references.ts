import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { allTasks, createTask, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "task-references",
  title: "Mistake (in Python): dropping the only reference to a task",
  shows:
    "tsio's loop holds every pending task, so tasks nobody references still finish, even when garbage collection runs mid-flight",
  kind: "mistake",
  main,
};

/** The engine's `gc()`, switched on at run time when node was not started with --expose-gc. */
function forceGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

async function main({ print, run }: ExampleContext): Promise<void> {
  const gc = forceGc();
  let finished = 0;

  await run(async () => {
    for (const id of [1, 2, 3]) {
      // The returned task is dropped on purpose: nothing here keeps a reference to it.
      createTask(async () => {
        await sleep(100 * id);
        finished++;
        print(`task ${id} finished`);
      });
    }
    print(`3 tasks started, none referenced; allTasks() still sees ${allTasks().size - 1} of them`);
    for (let round = 1; round <= 3; round++) {
      gc();
      await sleep(20);
    }
    print("garbage collection forced 3 times while they slept");
    await sleep(300);
    print(`${finished} of 3 finished: the loop keeps a pending task alive until it is done`);
  });
}
