export { type FakeGlobals, type FakeGlobalsOptions, installFakeGlobals } from "./fake-globals.js";
export { getVirtualClock } from "./get-virtual-clock.js";
export { checkLeaks, type LeakCheckOptions, type LeakReport } from "./leak-check.js";
export {
  type LoopTestContext,
  LoopTestError,
  type LoopTestFunction,
  type LoopTestOptions,
  runLoopTest,
} from "./run-loop-test.js";
export { type RunVirtualOptions, runVirtual } from "./run-virtual.js";
export {
  type ChromeTraceEvent,
  type ChromeTraceFile,
  type TaskEvent,
  type TaskEventKind,
  TaskTrace,
} from "./trace.js";
export { VirtualClock, type VirtualClockOptions } from "./virtual-clock.js";
