import { allTasks, createTask, currentTask, EventLoopError, getRunningLoop, sleep } from "tsio";
import type { Example, ExampleContext } from "../example.js";

export const example: Example = {
  name: "inspect-context",
  title: "The current task, all tasks and the running loop",
  shows: "currentTask(), allTasks() and getRunningLoop() inside run(); outside a loop getRunningLoop() throws EventLoopError",
  kind: "seed",
  main,
};

async function main({ print, run }: ExampleContext): Promise<void> {
  async function inspectContext(): Promise<void> {
    const current = currentTask();
    print(`Running task: ${current}`);
    const all = allTasks();
    print(`All active tasks: ${all.size}`);
    const loop = getRunningLoop();
    print(`Running loop: ${loop}`);
  }

  await run(
    async function main() {
      await inspectContext();
      // A background task shows up in allTasks() too, and currentTask() follows each task's awaits.
      const helper = createTask(
        async () => {
          await sleep(10);
          print(`inside the helper: ${currentTask()?.getName()}, ${allTasks().size} active`);
        },
        { name: "helper" },
      );
      print(`with a helper running: ${allTasks().size} active`);
      await helper;
    },
    { name: "main" },
  );

  try {
    getRunningLoop();
  } catch (err) {
    print(`outside run(): ${(err as Error).name}: ${err instanceof EventLoopError ? (err as Error).message : "?"}`);
  }
}
