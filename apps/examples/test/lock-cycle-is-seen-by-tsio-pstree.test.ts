import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { example as lockCycle } from "../src/examples/lock-cycle.js";
import { capture, expectLines } from "./helpers/capture.js";
import { spawnCli } from "./helpers/spawn-cli.js";

/** The `tsio` bin as the umbrella package ships it. */
const tsioBin = join(dirname(createRequire(import.meta.url).resolve("tsio/package.json")), "dist", "bin", "tsio.js");
const run = promisify(execFile);

describe("lock-cycle: a deadlock on two locks", () => {
  it("in the tour, captureCallGraph() finds the cycle through the locks' holders, then both are cancelled", async () => {
    const { lines } = await capture(lockCycle, { virtual: true });
    expectLines(lines, [
      "transfer waits on a lock held by audit",
      "audit waits on a lock held by transfer",
      "captureCallGraph() finds an await cycle: transfer -> audit -> transfer",
      "(run it alone with `pnpm example lock-cycle` and look at it with `tsio pstree <pid>`)",
      "cancelled: both locks are free again (yes)",
    ]);
  });

  it("run alone it stays stuck, and `tsio pstree <pid>` / `tsio ps <pid>` show the cycle from outside", async () => {
    let seen: { pstree: string; ps: string } | undefined;
    let failure: unknown;
    const result = await spawnCli(["example", "lock-cycle"], {
      // Its inspector opens on a free port (tsio finds it), never fighting other tests over 9229.
      env: { NODE_OPTIONS: "--inspect-port=0" },
      onLine: (line, child) => {
        const match = /^lock-cycle: stuck on purpose, pid (\d+)$/.exec(line);
        if (match === null) return;
        (async () => {
          const pstree = await run(process.execPath, [tsioBin, "pstree", match[1]!]);
          const ps = await run(process.execPath, [tsioBin, "ps", match[1]!]);
          seen = { pstree: pstree.stdout, ps: ps.stdout };
        })()
          .catch((err: unknown) => {
            failure = err;
          })
          .finally(() => child.kill("SIGINT"));
      },
    });
    if (failure !== undefined) throw failure;
    expect(seen).toBeDefined();
    const { pstree, ps } = seen!;
    expect(pstree).toMatch(/^4 task\(s\), 1 await cycle\(s\)$/m);
    expect(pstree).toMatch(/^cycle: #(\d+) transfer -> #(\d+) audit -> #\1 transfer$/m);
    expect(pstree).toMatch(/waiting on gather <gather of 3, 3 pending> on #\d+, #\d+, #\d+$/m);
    expect(pstree).toMatch(/#\d+ transfer waiting on lock <Lock locked waiters=1> held by #\d+$/m);
    expect(pstree).toMatch(/#\d+ transfer \(cycle\)$/m);
    expect(pstree).toMatch(/#\d+ heartbeat waiting on sleep <sleep until [\d.]+ pending> \(in \d+ ms\)$/m);
    expect(ps).toMatch(/^ID\s+NAME\s+STATE\s+AWAITING\s+AWAITED BY\s+AGE$/m);
    expect(ps).toMatch(/^\d+\s+audit\s+waiting\s+lock <Lock locked waiters=1> held by #\d+\s+#\d+,#\d+\s+-$/m);
    // Ctrl-C still ends it the usual way: the stuck tasks are cancelled, their locks released.
    expect(result.code).toBe(130);
  });
});
