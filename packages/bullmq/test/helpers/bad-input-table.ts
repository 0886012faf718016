import { expect, it } from "vitest";

/** An error class a row expects. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Where a row runs and how its error arrives. By default the call is made with no loop running and
 * must throw synchronously. `loop`: inside a running loop. `rejects`: the API is asynchronous by
 * nature and returns a promise or future, which must reject (nothing is thrown later, elsewhere).
 */
export type Mode = "loop" | "rejects" | "loop rejects";

/** One bad input: what is passed, the call, the typed error, and the part of the message naming the argument and the fix. */
export type Row = readonly [label: string, call: () => unknown, error: ErrorClass, message: RegExp, mode?: Mode];

/** The rows of one export, or why nothing passed to it can be wrong. */
export type Entry = readonly Row[] | { readonly none: string; readonly check: () => void };

/** What the engine writes when a library forgot to check its input. */
const UNCHECKED = /Cannot read propert|is not a function|weak map key|is not iterable|undefined \(reading|is not a constructor/;

async function expectRow([, call, error, message, mode]: Row): Promise<void> {
  let thrown: unknown;
  let returned: unknown;
  try {
    returned = call();
  } catch (err) {
    thrown = err;
  }
  const thenable = returned !== null && typeof (returned as PromiseLike<unknown> | undefined)?.then === "function";
  if (mode === "rejects" || mode === "loop rejects") {
    expect(thrown, "nothing thrown: the error comes as the rejection").toBeUndefined();
    expect(thenable, "returns a promise or future").toBe(true);
    thrown = await Promise.resolve(returned as PromiseLike<unknown>).then(
      () => undefined,
      (reason: unknown) => reason,
    );
  } else if (thrown === undefined && thenable) {
    // Not thrown at the call: keep the rejection from going unhandled before failing.
    await Promise.resolve(returned as PromiseLike<unknown>).catch(() => undefined);
  }
  expect(thrown, "a typed error at the call").toBeInstanceOf(error);
  const text = (thrown as Error).message;
  expect(text).not.toMatch(UNCHECKED);
  expect(text).toMatch(message);
}

/**
 * Declares one test per row, plus one that every exported function and class of `exports` has an
 * entry, so a new export without rows fails. `inLoop` runs a row inside a running loop.
 */
export function describeBadInput(
  exports: object,
  table: Readonly<Record<string, Entry>>,
  inLoop: (body: () => Promise<void>) => Promise<unknown>,
): void {
  it("has an entry for every exported function and class", () => {
    const callables = Object.entries(exports)
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name)
      .sort();
    expect(Object.keys(table).sort()).toEqual(callables);
  });
  for (const [api, entry] of Object.entries(table)) {
    if ("none" in entry) {
      it(`${api}: nothing to get wrong (${entry.none})`, () => entry.check());
      continue;
    }
    for (const row of entry) {
      const mode = row[4];
      it(`${api}: ${row[0]} -> ${row[2].name}${mode?.startsWith("loop") ? " (in a loop)" : ""}`, async () => {
        if (mode?.startsWith("loop")) await inLoop(() => expectRow(row));
        else await expectRow(row);
      });
    }
  }
}

/** Rows for a delay argument: wrong types, null/undefined, negative, NaN and Infinity. */
export function delayRows(label: string, call: (ms: unknown) => unknown, message: RegExp, mode?: Mode): Row[] {
  const rows: [string, unknown, ErrorClass][] = [
    ["a string", "10", TypeError],
    ["null", null, TypeError],
    ["undefined", undefined, TypeError],
    ["-1", -1, RangeError],
    ["NaN", Number.NaN, RangeError],
    ["Infinity", Number.POSITIVE_INFINITY, RangeError],
  ];
  return rows.map(([what, value, error]) => [`${label} ${what}`, () => call(value), error, message, mode] as const);
}

/** Rows for an argument that must be a function: a number, a string, null, undefined, a promise. */
export function functionRows(label: string, call: (fn: unknown) => unknown, message: RegExp, mode?: Mode): Row[] {
  const values: [string, unknown][] = [
    ["a number", 5],
    ["a string", "fn"],
    ["null", null],
    ["undefined", undefined],
    ["a promise", Promise.resolve(1)],
  ];
  return values.map(([what, value]) => [`${label} ${what}`, () => call(value), TypeError, message, mode] as const);
}
