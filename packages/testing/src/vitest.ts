export { type LoopTestApi, type LoopTestRegister, type LoopTestVitestOptions, loopTest } from "./loop-test.js";
export {
  type LoopTestContext,
  LoopTestError,
  type LoopTestFunction,
  type LoopTestOptions,
  runLoopTest,
} from "./run-loop-test.js";
