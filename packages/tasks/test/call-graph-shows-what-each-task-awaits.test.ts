import { describe, expect, it } from "vitest";
import {
  type CallGraph,
  captureCallGraph,
  createTask,
  currentTask,
  formatCallGraph,
  gather,
  run,
  shield,
  sleep,
  type Task,
  taskGroup,
  wait,
} from "../src/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const virtual = { clock: new VirtualClock(), handleSigint: false } as const;
const entry = (graph: CallGraph, task: Task<unknown>) => graph.tasks.find((t) => t.name === task.getName());
const idOf = (graph: CallGraph, task: Task<unknown>) => entry(graph, task)!.id;

describe("captureCallGraph: what each task awaits and who awaits it", () => {
  it("names every kind of await, with the tasks behind it and the awaiters", async () => {
    await run(async () => {
      const sleeper = createTask(() => sleep(500), { name: "sleeper" });
      const child1 = createTask(() => sleep(10_000), { name: "child1" });
      const child2 = createTask(() => sleep(10_000), { name: "child2" });
      const onTask = createTask(() => sleeper, { name: "onTask" });
      const gathering = createTask(() => gather(child1, child2), { name: "gathering" });
      const waiting = createTask(() => wait([child1], { timeout: 700 }), { name: "waiting" });
      const shielding = createTask(() => shield(child2), { name: "shielding" });
      const grouped = createTask(
        () =>
          taskGroup(async (g) => {
            g.createTask(() => sleep(10_000), { name: "member" });
          }),
        { name: "grouped" },
      );
      let release!: () => void;
      const foreign = createTask(() => new Promise<void>((resolve) => (release = resolve)), { name: "foreign" });
      await sleep(0);
      await sleep(0);
      const scheduled = createTask(() => 1, { name: "scheduled" });
      const graph = captureCallGraph();

      expect(entry(graph, currentTask()!)).toMatchObject({ state: "running", awaiting: null });
      expect(entry(graph, scheduled)).toMatchObject({ state: "scheduled", awaiting: null });
      expect(entry(graph, sleeper)!.awaiting).toEqual({ kind: "sleep", label: expect.stringContaining("sleep until 500"), deadline: 500, tasks: [] });
      expect(entry(graph, onTask)!.awaiting).toMatchObject({ kind: "task", tasks: [idOf(graph, sleeper)] });
      expect(entry(graph, sleeper)!.awaitedBy).toEqual([idOf(graph, onTask)]);
      expect(entry(graph, gathering)!.awaiting).toMatchObject({ kind: "gather", tasks: [idOf(graph, child1), idOf(graph, child2)] });
      expect(entry(graph, waiting)!.awaiting).toMatchObject({ kind: "wait", deadline: 700, tasks: [idOf(graph, child1)] });
      expect(entry(graph, shielding)!.awaiting).toMatchObject({ kind: "shield", tasks: [idOf(graph, child2)] });
      const member = graph.tasks.find((t) => t.name === "member")!;
      expect(entry(graph, grouped)!.awaiting).toMatchObject({ kind: "taskgroup", tasks: [member.id] });
      expect(entry(graph, foreign)!.awaiting).toMatchObject({ kind: "foreign", tasks: [] });
      expect(entry(graph, foreign)!.state).toBe("waiting");
      expect(new Set(entry(graph, child2)!.awaitedBy)).toEqual(new Set([idOf(graph, gathering), idOf(graph, shielding)]));
      expect(graph.cycles).toEqual([]);
      // Plain data: a JSON round trip loses nothing.
      expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
      // The tree starts at the tasks nobody awaits; sleeper hangs below onTask only.
      expect(graph.roots.map((r) => r.id)).not.toContain(idOf(graph, sleeper));
      expect(graph.roots.find((r) => r.id === idOf(graph, onTask))!.awaits.map((n) => n.id)).toEqual([idOf(graph, sleeper)]);
      for (const t of [sleeper, child1, child2, onTask, gathering, waiting, shielding, grouped]) t.cancel();
      release();
      await sleep(5);
    }, virtual);
  });

  it("given a task, covers that task, what it awaits and who awaits it, nothing else", async () => {
    await run(async () => {
      const leaf = createTask(() => sleep(1000), { name: "leaf" });
      const middle = createTask(() => leaf, { name: "middle" });
      const top = createTask(() => middle, { name: "top" });
      const unrelated = createTask(() => sleep(1000), { name: "unrelated" });
      await sleep(0);
      const graph = captureCallGraph(middle);
      expect(graph.tasks.map((t) => t.name).sort()).toEqual(["leaf", "middle", "top"]);
      expect(graph.roots).toEqual([{ id: idOf(graph, top), awaits: [{ id: idOf(graph, middle), awaits: [{ id: idOf(graph, leaf), awaits: [] }] }] }]);
      // Ids stay the same from one capture to the next.
      expect(idOf(captureCallGraph(), middle)).toBe(idOf(graph, middle));
      for (const t of [leaf, unrelated]) t.cancel();
      await top.then(undefined, () => undefined);
      expect(entry(captureCallGraph(top), top)!.state).toBe("cancelled");
    }, virtual);
  });

  it("reports a task-to-task await cycle as a cycle, and prints it without recursing forever", async () => {
    await run(async () => {
      const tasks: Task<unknown>[] = [];
      const a = createTask(async () => {
        await sleep(1);
        await tasks[1];
      }, { name: "a" });
      const b = createTask(async () => {
        await sleep(1);
        await tasks[0];
      }, { name: "b" });
      tasks.push(a, b);
      await sleep(2);
      const graph = captureCallGraph();
      const [ia, ib] = [idOf(graph, a), idOf(graph, b)];
      expect(graph.cycles).toEqual([[ia, ib]]);
      const text = formatCallGraph(graph);
      expect(text).toContain(`cycle: #${ia} a -> #${ib} b -> #${ia} a`);
      expect(text).toMatch(new RegExp(`#${ia} a \\(cycle\\)`));
      a.cancel();
      await expect(a).rejects.toThrow();
      expect(b.cancelled()).toBe(true);
    }, virtual);
  });

  it("refuses what is not a task, and a capture outside a loop", () => {
    expect(() => captureCallGraph({} as Task<unknown>)).toThrow(/task must be a Task/);
    expect(() => captureCallGraph()).toThrow(/no running event loop/);
    expect(() => formatCallGraph(null as unknown as CallGraph)).toThrow(TypeError);
  });
});
