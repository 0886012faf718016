import { tryGetRunningLoop } from "@tsio/loop";
import { buildGraph } from "./call-graph.js";

/**
 * Where `tsio ps` / `tsio pstree` find the call graph in a process they attach to: a registered
 * symbol on `globalThis`, so the inspector can reach it whichever installed copy of tsio runs.
 */
const KEY = Symbol.for("tsio.callGraph");

/** @internal What the `tsio` bin evaluates through the inspector. The layout is read by every CLI version. */
export interface CallGraphGlobal {
  readonly version: 1;
  /** The running loop's call graph as JSON, or `{"error":"no-running-loop"}`. */
  captureJson(): string;
}

/**
 * @internal Puts the hook on `globalThis` (once; the first copy's stays). Called when a `Runner`
 * (and so `run()`) makes its loop: a function call rather than a module side effect, which a
 * bundler honouring `sideEffects: false` could drop.
 */
export function exposeCallGraph(): void {
  const host = globalThis as { [KEY]?: CallGraphGlobal };
  if (host[KEY] !== undefined) return;
  const hook: CallGraphGlobal = {
    version: 1,
    captureJson() {
      const loop = tryGetRunningLoop();
      return JSON.stringify(loop === null ? { error: "no-running-loop" } : buildGraph(loop));
    },
  };
  // Not enumerable: leak checks that walk globalThis should not trip over it.
  Object.defineProperty(host, KEY, { value: hook, configurable: true });
}
