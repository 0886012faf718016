import fc from "fast-check";

/**
 * The random programs the property tests run: a tree of task bodies, each a list of operations.
 * Small on purpose: fast-check shrinks a failing program by shrinking this tree, so a failure ends
 * up as the few operations that matter.
 */

/** How an operation's error is handled in its task: propagate, catch failures, or catch everything. */
export type Guard = 0 | 1 | 2;

/** The body of one task: its operations, then it returns a value or throws. */
export interface Prog {
  readonly ops: readonly Op[];
  readonly end: "return" | "throw";
  /** Virtual ms the body's `finally` awaits to clean up (flush, close), when set. */
  readonly cleanup?: number;
}

export type ReturnWhenName = "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED";

export type Op = { readonly g: Guard } & (
  | { readonly op: "sleep"; readonly ms: number }
  | { readonly op: "spawn"; readonly prog: Prog }
  | { readonly op: "await"; readonly child: number }
  | { readonly op: "cancel"; readonly child: number }
  | { readonly op: "cancelSelf" }
  | { readonly op: "gather"; readonly progs: readonly Prog[]; readonly returnExceptions: boolean }
  | {
      readonly op: "wait";
      readonly progs: readonly Prog[];
      readonly returnWhen: ReturnWhenName;
      readonly timeout: number | null;
      readonly retrieve: boolean;
      readonly cancelPending: boolean;
    }
  | { readonly op: "waitFor"; readonly prog: Prog; readonly ms: number }
  | { readonly op: "timeout"; readonly ms: number | null; readonly body: readonly Op[] }
  | { readonly op: "shield"; readonly prog: Prog }
  | { readonly op: "group"; readonly progs: readonly Prog[]; readonly body: readonly Op[] }
  | { readonly op: "lock"; readonly body: readonly Op[] }
  | { readonly op: "sem"; readonly body: readonly Op[] }
  | { readonly op: "put" }
  | { readonly op: "putNowait" }
  | { readonly op: "get"; readonly ms: number | null }
  | { readonly op: "getNowait" }
  | { readonly op: "offload" }
  | { readonly op: "throw" }
  /** Cancels the task running it `ms` later, again 1 ms after that with `twice` (a second Ctrl-C). */
  | { readonly op: "cancelLater"; readonly ms: number; readonly twice: boolean }
);

/** A whole program: the main task's body and the size bound of the shared queue (0: unbounded). */
export interface Program {
  readonly main: Prog;
  readonly maxsize: number;
}

/** Which operations a generated program may use, and how deep task bodies nest. */
export interface ProgramShape {
  readonly depth: number;
  /** Operations per task body (at most). */
  readonly maxOps: number;
  /** Child tasks per gather/wait/group (at most). */
  readonly maxChildren: number;
  /** Relative weights; an operation with weight 0 never appears. */
  readonly weights: Partial<Record<Op["op"], number>>;
  /** How long fast-check makes the lists (operations, children) within their bounds. */
  readonly size: fc.SizeForArbitrary;
  /** Give task bodies `finally` blocks that await (a clean-up of a few virtual ms), at random. */
  readonly cleanups: boolean;
}

const DEFAULT_WEIGHTS: Record<Op["op"], number> = {
  sleep: 6,
  spawn: 4,
  await: 4,
  cancel: 3,
  cancelSelf: 1,
  gather: 3,
  wait: 2,
  waitFor: 3,
  timeout: 3,
  shield: 2,
  group: 3,
  lock: 2,
  sem: 2,
  put: 3,
  putNowait: 1,
  get: 3,
  getNowait: 1,
  offload: 1,
  throw: 2,
  cancelLater: 0,
};

/** Operations that can cancel the task running them; a shielded body must not use them. */
const SELF_CANCELLING = new Set<Op["op"]>(["cancelSelf", "cancelLater", "timeout", "waitFor", "group"]);

const guard = fc.constantFrom<Guard>(0, 1, 2);
const delay = fc.constantFrom(0, 1, 2, 3, 5, 10, 20);
const deadline: fc.Arbitrary<number> = fc.constantFrom(0, 1, 3, 5, 10, 25);
const maybeDeadline: fc.Arbitrary<number | null> = fc.option(deadline, { nil: null });
const noDeadline: fc.Arbitrary<number | null> = fc.constant(null);

/**
 * The arbitrary for programs of `shape`. `restricted` bodies (the inside of a `shield`) contain no
 * operation that cancels their own task, so any cancellation reaching them came through the shield.
 */
export function programArbitrary(shape: Partial<ProgramShape> = {}): fc.Arbitrary<Program> {
  const depth = shape.depth ?? 3;
  const maxOps = shape.maxOps ?? 4;
  const maxChildren = shape.maxChildren ?? 3;
  const weights = { ...DEFAULT_WEIGHTS, ...shape.weights };
  const size = shape.size ?? "small";
  const cleanup: fc.Arbitrary<number | undefined> = shape.cleanups === true ? fc.option(fc.constantFrom(0, 1, 5, 30), { nil: undefined }) : fc.constant(undefined);
  const progCache = new Map<string, fc.Arbitrary<Prog>>();
  const opsCache = new Map<string, fc.Arbitrary<readonly Op[]>>();

  function ops(d: number, restricted: boolean): fc.Arbitrary<readonly Op[]> {
    const key = `${d}:${restricted}`;
    let arb = opsCache.get(key);
    if (arb === undefined) {
      arb = fc.array(op(d, restricted), { maxLength: maxOps, size });
      opsCache.set(key, arb);
    }
    return arb;
  }

  function prog(d: number, restricted: boolean): fc.Arbitrary<Prog> {
    const key = `${d}:${restricted}`;
    let arb = progCache.get(key);
    if (arb === undefined) {
      arb = fc
        .record({ ops: ops(d, restricted), end: fc.constantFrom<"return" | "throw">("return", "throw"), cleanup })
        .map(({ cleanup: ms, ...rest }): Prog => (ms === undefined ? rest : { ...rest, cleanup: ms }));
      progCache.set(key, arb);
    }
    return arb;
  }

  function op(d: number, restricted: boolean): fc.Arbitrary<Op> {
    const child = d > 0 ? prog(d - 1, false) : null;
    const same = d > 0 ? ops(d - 1, restricted) : null;
    const children = child === null ? null : fc.array(child, { minLength: 1, maxLength: maxChildren, size });
    const candidates: Array<[Op["op"], fc.Arbitrary<Op>]> = [
      ["sleep", fc.record({ op: fc.constant("sleep" as const), g: guard, ms: delay })],
      ["await", fc.record({ op: fc.constant("await" as const), g: guard, child: fc.nat(3) })],
      ["cancel", fc.record({ op: fc.constant("cancel" as const), g: guard, child: fc.nat(3) })],
      ["cancelSelf", fc.record({ op: fc.constant("cancelSelf" as const), g: guard })],
      ["put", fc.record({ op: fc.constant("put" as const), g: guard })],
      ["putNowait", fc.record({ op: fc.constant("putNowait" as const), g: guard })],
      [
        "get",
        fc.record({ op: fc.constant("get" as const), g: guard, ms: restricted ? noDeadline : maybeDeadline }),
      ],
      ["getNowait", fc.record({ op: fc.constant("getNowait" as const), g: guard })],
      ["offload", fc.record({ op: fc.constant("offload" as const), g: guard })],
      ["throw", fc.record({ op: fc.constant("throw" as const), g: guard })],
      ["cancelLater", fc.record({ op: fc.constant("cancelLater" as const), g: guard, ms: fc.constantFrom(0, 1, 2, 5, 10, 20), twice: fc.boolean() })],
    ];
    if (child !== null && children !== null && same !== null) {
      candidates.push(
        ["spawn", fc.record({ op: fc.constant("spawn" as const), g: guard, prog: child })],
        [
          "gather",
          fc.record({
            op: fc.constant("gather" as const),
            g: guard,
            progs: fc.array(child, { maxLength: maxChildren, size }),
            returnExceptions: fc.boolean(),
          }),
        ],
        [
          "wait",
          fc.record({
            op: fc.constant("wait" as const),
            g: guard,
            progs: children,
            returnWhen: fc.constantFrom<ReturnWhenName>("ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"),
            timeout: maybeDeadline,
            retrieve: fc.boolean(),
            cancelPending: fc.boolean(),
          }),
        ],
        ["waitFor", fc.record({ op: fc.constant("waitFor" as const), g: guard, prog: child, ms: deadline })],
        ["timeout", fc.record({ op: fc.constant("timeout" as const), g: guard, ms: maybeDeadline, body: same })],
        ["shield", fc.record({ op: fc.constant("shield" as const), g: guard, prog: prog(d - 1, true) })],
        ["group", fc.record({ op: fc.constant("group" as const), g: guard, progs: children, body: same })],
        ["lock", fc.record({ op: fc.constant("lock" as const), g: guard, body: same })],
        ["sem", fc.record({ op: fc.constant("sem" as const), g: guard, body: same })],
      );
    }
    const weighted = candidates
      .filter(([name]) => weights[name] > 0 && !(restricted && SELF_CANCELLING.has(name)))
      .map(([name, arbitrary]) => ({ arbitrary, weight: weights[name] }));
    return fc.oneof(...weighted);
  }

  return fc
    .record({ main: prog(depth, false), maxsize: fc.constantFrom(0, 1, 2) })
    .map((program) => Object.assign(program, { [fc.toStringMethod]: () => formatProgram(program) }));
}

const GUARD_MARK = ["", "?", "!"];

function formatOps(ops: readonly Op[]): string {
  return ops.map(formatOp).join("; ");
}

/** One line per program: `?` marks an operation whose failures are caught, `!` one that also swallows cancellation. */
export function formatProg(prog: Prog): string {
  const body = formatOps(prog.ops);
  const cleanup = prog.cleanup === undefined ? "" : ` finally sleep(${prog.cleanup})`;
  return `{${body === "" ? "" : ` ${body}`} -> ${prog.end}${cleanup} }`;
}

function formatOp(op: Op): string {
  const mark = GUARD_MARK[op.g];
  const progs = (list: readonly Prog[]): string => list.map(formatProg).join(", ");
  switch (op.op) {
    case "sleep":
      return `${mark}sleep(${op.ms})`;
    case "spawn":
      return `${mark}spawn ${formatProg(op.prog)}`;
    case "await":
    case "cancel":
      return `${mark}${op.op}(child ${op.child})`;
    case "gather":
      return `${mark}gather(${progs(op.progs)}${op.returnExceptions ? ", returnExceptions" : ""})`;
    case "wait":
      return `${mark}wait(${progs(op.progs)}, ${op.returnWhen}, timeout ${op.timeout}${op.retrieve ? ", retrieve" : ""}${op.cancelPending ? ", cancelPending" : ""})`;
    case "waitFor":
      return `${mark}waitFor(${formatProg(op.prog)}, ${op.ms})`;
    case "timeout":
      return `${mark}timeout(${op.ms}) [${formatOps(op.body)}]`;
    case "shield":
      return `${mark}shield ${formatProg(op.prog)}`;
    case "group":
      return `${mark}taskGroup(${progs(op.progs)}) [${formatOps(op.body)}]`;
    case "lock":
    case "sem":
      return `${mark}${op.op} [${formatOps(op.body)}]`;
    case "get":
      return `${mark}get(${op.ms})`;
    case "cancelLater":
      return `${mark}cancelLater(${op.ms}${op.twice ? ", twice" : ""})`;
    default:
      return `${mark}${op.op}`;
  }
}

/** The program as the shrunk counterexample prints it. */
export function formatProgram(program: Program): string {
  return `maxsize ${program.maxsize}: main ${formatProg(program.main)}`;
}
