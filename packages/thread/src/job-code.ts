import { type CodeKind, MODULE_CODE, SOURCE_CODE } from "./protocol.js";

/**
 * @internal The code a job runs: a function's source (`text`) and name, or a module URL (`text`)
 * and export name. One object per distinct pair, with an id the workers cache the compiled
 * function or imported module under.
 */
export interface JobCode {
  readonly id: number;
  readonly kind: CodeKind;
  readonly text: string;
  readonly name: string;
}

/** Past this many distinct codes the table starts over (ids stay unique, workers recompile once). */
const MAX_INTERNED = 10_000;
const interned = new Map<string, Map<string, JobCode>>();
let internedCount = 0;
let nextId = 1;

function intern(kind: CodeKind, text: string, name: string): JobCode {
  // Sources and URLs never collide: a URL starts with a scheme, a kind prefix would cost a string.
  let byName = interned.get(text);
  if (byName === undefined) {
    if (internedCount >= MAX_INTERNED) {
      interned.clear();
      internedCount = 0;
    }
    byName = new Map();
    interned.set(text, byName);
  }
  let code = byName.get(name);
  if (code === undefined || code.kind !== kind) {
    code = { id: nextId++, kind, text, name };
    byName.set(name, code);
    internedCount++;
  }
  return code;
}

/** @internal The code of a self-contained function sent by its source text. */
export function sourceCode(source: string, name: string): JobCode {
  return intern(SOURCE_CODE, source, name);
}

/** @internal The code of a module export. */
export function moduleCode(moduleUrl: string, exportName: string): JobCode {
  return intern(MODULE_CODE, moduleUrl, exportName);
}
