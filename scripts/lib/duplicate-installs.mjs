import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tail } from "./pack.mjs";
import { outsideEnv, runCommand } from "./run-command.mjs";

/**
 * The line of @tsio/loop's build that fixes its cross-copy protocol. The incompatible copy is made
 * by changing it, as a release that changed the shared state's layout would.
 */
const PROTOCOL_LINE = /const LOOP_PROTOCOL = \d+;/;
const INCOMPATIBLE_PROTOCOL = 999;

/**
 * What runs in the duplicated project: the app's own @tsio/loop, @tsio/tasks, @tsio/sync and
 * @tsio/thread, a "framework" with its own copies of the four at another version, and a "legacy" package whose @tsio/loop speaks another
 * protocol. Each check prints one line, so the output reads the same before and after a fix.
 */
const PROGRAM = `
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as loop from "@tsio/loop";
import * as sync from "@tsio/sync";
import * as tasks from "@tsio/tasks";
import * as thread from "@tsio/thread";
import { loop as fwLoop, sync as fwSync, tasks as fwTasks, thread as fwThread } from "fake-framework";
import { loop as oldLoop } from "fake-legacy";

// The incompatible copy's warning is emitted on the next tick after the imports: listen now.
const warnings = [];
process.on("warning", (warning) => warnings.push(warning));
const require = createRequire(import.meta.url);
const versionOf = (from, name) => createRequire(require.resolve(from))(name + "/package.json").version;
const appVersion = versionOf("@tsio/tasks", "@tsio/loop");
const fwVersion = versionOf("fake-framework", "@tsio/loop");
const oldVersion = versionOf("fake-legacy", "@tsio/loop");
let failed = 0;

async function check(label, fn) {
  try {
    const detail = await fn();
    console.log("ok   " + label);
    if (typeof detail === "string") console.log("       " + detail);
  } catch (err) {
    failed++;
    const text = err instanceof Error ? err.name + ": " + err.message : String(err);
    console.log("FAIL " + label + "\\n       " + text.split("\\n").slice(0, 3).join("\\n       "));
  }
}

/** A broken bridge shows up as an await that never ends: give up after real 2 s rather than hang. */
function within(promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what + " did not settle within 2 s")), 2000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

await check("two copies of @tsio/loop are installed (" + appVersion + " for the app, " + fwVersion + " for the framework)", () => {
  assert.notEqual(fwLoop.EventLoop, loop.EventLoop);
  assert.notEqual(fwTasks.createTask, tasks.createTask);
  assert.notEqual(appVersion, fwVersion);
});

await tasks.run(async () => {
  await check("inside the app's run(), the framework's getRunningLoop() returns the app's loop", () => {
    assert.equal(fwLoop.getRunningLoop(), loop.getRunningLoop());
  });
  await check("instanceof works across copies, both ways, for every error class", () => {
    for (const [pkg, other] of [[loop, fwLoop], [tasks, fwTasks], [sync, fwSync], [thread, fwThread]]) {
      for (const [name, value] of Object.entries(pkg)) {
        if (typeof value !== "function" || !(value.prototype instanceof Error)) continue;
        const emptyGraph = { capturedAt: 0, debug: false, tasks: [], roots: [], cycles: [] };
        const args = { TaskGroupError: [[new Error("x")]], WorkerCrashError: ["x", "exit"], SignalInterrupt: ["SIGTERM"], DeadlockError: [emptyGraph] }[name] ?? ["x"];
        const make = (C) => new C(...args);
        assert.ok(make(other[name]) instanceof value, "framework's " + name + " instanceof app's");
        assert.ok(make(value) instanceof other[name], "app's " + name + " instanceof framework's");
      }
    }
    assert.ok(!(new fwLoop.TimeoutError() instanceof loop.CancelledError), "a TimeoutError is no CancelledError");
    assert.ok(!(new Error("plain") instanceof fwLoop.CancelledError), "a plain Error is no CancelledError");
  });
  await check("the framework's currentTask() is the app's running task", () => {
    assert.ok(tasks.currentTask() !== null);
    assert.equal(fwTasks.currentTask(), tasks.currentTask());
  });
  await check("the framework's captureCallGraph() sees the app's tasks and who holds the app's Lock", async () => {
    const lock = new sync.Lock();
    await lock.acquire();
    const blocked = tasks.createTask(() => lock.acquire(), { name: "blocked-on-the-app-lock" });
    await tasks.sleep(0);
    const graph = fwTasks.captureCallGraph();
    const me = graph.tasks.find((t) => t.state === "running");
    const node = graph.tasks.find((t) => t.name === "blocked-on-the-app-lock");
    assert.equal(node?.awaiting?.kind, "lock");
    assert.deepEqual(node.awaiting.tasks, [me.id]);
    lock.release();
    (await blocked).release();
  });
  await check("cancelling a framework task interrupts its await on the app's sleep, and its finally runs", async () => {
    let cleaned = false;
    const task = fwTasks.createTask(async () => {
      try {
        await tasks.sleep(60_000);
      } finally {
        cleaned = true;
      }
    });
    await tasks.sleep(0);
    task.cancel();
    await within(assert.rejects(task, loop.CancelledError), "the cancelled framework task");
    assert.ok(cleaned, "finally ran");
  });
  await check("cancelling an app task interrupts its await on a framework future", async () => {
    const future = new fwLoop.Future();
    const task = tasks.createTask(async () => {
      await future;
    });
    await tasks.sleep(0);
    task.cancel();
    await within(assert.rejects(task, fwLoop.CancelledError), "the cancelled app task");
    assert.ok(future.cancelled(), "the awaited framework future was cancelled");
  });
  await check("each copy's allTasks() lists the tasks the other started", async () => {
    const fwTask = fwTasks.createTask(() => tasks.sleep(1));
    const appTask = tasks.createTask(() => fwTasks.sleep(1));
    assert.ok(tasks.allTasks().has(fwTask), "the app sees the framework's task");
    assert.ok(fwTasks.allTasks().has(appTask), "the framework sees the app's task");
    await tasks.gather(fwTask, appTask);
  });
  await check("the framework's timeout() works inside the app's task", async () => {
    await assert.rejects(fwTasks.timeout(5, () => tasks.sleep(60_000)), loop.TimeoutError);
  });
  await check("the framework's CancelScope cancels every await of the app's task and absorbs its own cancellation", async () => {
    const scope = new fwTasks.CancelScope();
    let raised = 0;
    await scope.run(async (s) => {
      s.cancel();
      for (let i = 0; i < 2; i++) {
        try {
          await tasks.sleep(60_000);
        } catch (err) {
          if (err instanceof loop.CancelledError) raised++;
        }
      }
      await tasks.sleep(60_000);
    });
    assert.equal(raised, 2, "both caught awaits raised");
    assert.ok(scope.cancelledCaught, "the scope absorbed its cancellation");
  });
  await check("the app's shielded CancelScope holds the framework's timeout until it exits", async () => {
    let shieldedDone = false;
    await assert.rejects(
      fwTasks.timeout(1, async () => {
        await new tasks.CancelScope({ shield: true }).run(() => fwTasks.sleep(20));
        shieldedDone = true;
        await tasks.sleep(60_000);
      }),
      loop.TimeoutError,
    );
    assert.ok(shieldedDone, "the shielded sleep ran to its end");
  });
  await check("the framework's TaskGroup#start and cancel() work in the app's moveOnAfter", async () => {
    const value = await tasks.moveOnAfter(60_000, () =>
      fwTasks.taskGroup(async (g) => {
        const port = await g.start(async (_task, ready) => {
          ready(8080);
          await tasks.sleep(60_000);
        });
        assert.equal(port, 8080);
        g.cancel();
        await tasks.sleep(60_000);
      }),
    );
    assert.equal(value, undefined);
  });
  await check("cancelling an app task waiting on the framework's Lock interrupts that wait", async () => {
    const lock = new fwSync.Lock();
    await lock.acquire();
    const waiter = tasks.createTask(() => lock.acquire());
    await tasks.sleep(0);
    waiter.cancel();
    await within(assert.rejects(waiter, loop.CancelledError), "the cancelled lock waiter");
    lock.release();
    assert.equal(lock.locked(), false, "the cancelled waiter did not take the lock");
  });
  await check("the framework's toThread() runs on the app's default pool (which run() closes, or the program would not exit)", async () => {
    assert.equal(await fwThread.toThread((a, b) => a * b, 6, 7), 42);
    assert.equal(await thread.toThread((a, b) => a + b, 6, 7), 13);
    assert.equal(fwThread.getDefaultExecutor(), thread.getDefaultExecutor());
  });
  await check("the framework's run() inside the app's run() is refused with an EventLoopError", async () => {
    await assert.rejects(async () => fwTasks.run(async () => 1), loop.EventLoopError);
  });
  await check("a copy whose protocol differs says so, naming both versions", () => {
    let said = "";
    assert.throws(
      () => oldLoop.getRunningLoop(),
      (err) => {
        assert.ok(err instanceof loop.EventLoopError, "an EventLoopError, got " + err);
        assert.ok(err.message.includes(appVersion) && err.message.includes(oldVersion), err.message);
        said = err.name + ": " + err.message;
        return true;
      },
    );
    return said;
  });
});

await check("loading the incompatible copy warned once, naming both versions", () => {
  const found = warnings.filter((w) => w.code === "TSIO_INCOMPATIBLE_COPIES");
  assert.equal(found.length, 1, "TSIO_INCOMPATIBLE_COPIES warnings: " + found.length);
  assert.ok(found[0].message.includes(appVersion) && found[0].message.includes(oldVersion), found[0].message);
});
await check("after run() returns no copy sees a running loop", () => {
  assert.equal(fwLoop.tryGetRunningLoop(), null);
  assert.equal(loop.tryGetRunningLoop(), null);
});
console.log(failed === 0 ? "duplicates ok" : failed + " duplicate-install check(s) failed");
process.exitCode = failed === 0 ? 0 : 1;
`;

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Tars a `package/` folder the way npm packs one. */
async function tarball(dir, file) {
  const result = await runCommand("tar", ["czf", file, "-C", dir, "package"]);
  if (result.code !== 0) throw new Error(`tar could not pack ${dir}: ${result.stderr}`);
  return file;
}

/**
 * A copy of an unpacked tarball under another version, repacked; `edit` may change its manifest
 * and files first.
 */
async function repack(unpacked, into, version, edit = () => {}) {
  const dir = path.join(into, `${path.basename(into)}-${version}`);
  cpSync(unpacked, path.join(dir, "package"), { recursive: true });
  const manifest = readJson(path.join(dir, "package", "package.json"));
  manifest.version = version;
  edit(manifest, path.join(dir, "package"));
  writeJson(path.join(dir, "package", "package.json"), manifest);
  return tarball(dir, `${dir}.tgz`);
}

/** A one-file package that re-exports its own copies of `deps`, e.g. `export * as loop from "@tsio/loop"`. */
async function fakePackage(into, name, deps) {
  const dir = path.join(into, name);
  mkdirSync(path.join(dir, "package"), { recursive: true });
  const dependencies = Object.fromEntries(Object.entries(deps).map(([dep, { file }]) => [dep, `file:${file}`]));
  writeJson(path.join(dir, "package", "package.json"), { name, version: "1.0.0", type: "module", exports: "./index.js", dependencies });
  const lines = Object.entries(deps).map(([dep, { as }]) => `export * as ${as} from "${dep}";`);
  writeFileSync(path.join(dir, "package", "index.js"), `${lines.join("\n")}\n`);
  return tarball(dir, `${dir}.tgz`);
}

/** Points the @tsio/loop dependency of a copied manifest at a local tarball, so npm asks no registry. */
const loopAt = (file) => (manifest) => {
  manifest.dependencies = { ...manifest.dependencies, "@tsio/loop": `file:${file}` };
};

/** Makes a copy's @tsio/loop speak another cross-copy protocol; returns whether the line was found. */
function bumpProtocol(dir) {
  const distDir = path.join(dir, "dist");
  for (const entry of readdirSync(distDir)) {
    if (!entry.endsWith(".js")) continue;
    const file = path.join(distDir, entry);
    const text = readFileSync(file, "utf8");
    if (PROTOCOL_LINE.test(text)) {
      writeFileSync(file, text.replace(PROTOCOL_LINE, `const LOOP_PROTOCOL = ${INCOMPATIBLE_PROTOCOL};`));
      return true;
    }
  }
  return false;
}

/**
 * Installs two copies of @tsio/loop, @tsio/tasks, @tsio/sync and @tsio/thread side by side in a fresh npm project (the app's
 * at the top, a fake framework's nested under it at another version) plus a third @tsio/loop of
 * another protocol, and runs PROGRAM there with Node: the copies must share the running loop, the
 * current task, the await hook and the error classes' identity, and the incompatible one must say
 * so.
 *
 * @param {Map<string, { file: string, unpacked: string, manifest: Record<string, any> }>} packed
 * @param {string} work a scratch folder
 * @returns {Promise<{ ok: boolean, detail: string }>}
 */
export async function checkDuplicateInstalls(packed, work) {
  const loop = packed.get("@tsio/loop");
  const tasks = packed.get("@tsio/tasks");
  const sync = packed.get("@tsio/sync");
  const thread = packed.get("@tsio/thread");
  if (loop === undefined || tasks === undefined || sync === undefined || thread === undefined) {
    return { ok: false, detail: "@tsio/loop, @tsio/tasks, @tsio/sync and @tsio/thread must all be packed" };
  }
  const project = path.join(work, "duplicates");
  const copies = path.join(project, "copies");
  mkdirSync(copies, { recursive: true });
  const notes = [];

  const fwLoop = await repack(loop.unpacked, path.join(copies, "loop"), `${loop.manifest.version}-framework`);
  const fwTasks = await repack(tasks.unpacked, path.join(copies, "tasks"), `${tasks.manifest.version}-framework`, loopAt(fwLoop));
  const oldLoop = await repack(loop.unpacked, path.join(copies, "loop"), "99.0.0-incompatible", (_, dir) => {
    if (!bumpProtocol(dir)) notes.push(`note: no "${PROTOCOL_LINE.source}" in @tsio/loop's dist, so the "incompatible" copy is not`);
  });
  const fwSync = await repack(sync.unpacked, path.join(copies, "sync"), `${sync.manifest.version}-framework`, loopAt(fwLoop));
  const fwThread = await repack(thread.unpacked, path.join(copies, "thread"), `${thread.manifest.version}-framework`, loopAt(fwLoop));
  const framework = await fakePackage(copies, "fake-framework", {
    "@tsio/loop": { file: fwLoop, as: "loop" },
    "@tsio/tasks": { file: fwTasks, as: "tasks" },
    "@tsio/sync": { file: fwSync, as: "sync" },
    "@tsio/thread": { file: fwThread, as: "thread" },
  });
  const legacy = await fakePackage(copies, "fake-legacy", { "@tsio/loop": { file: oldLoop, as: "loop" } });

  writeJson(path.join(project, "package.json"), {
    name: "tsio-duplicates",
    version: "0.0.0",
    private: true,
    type: "module",
    dependencies: {
      "@tsio/loop": `file:${loop.file}`,
      "@tsio/tasks": `file:${tasks.file}`,
      "@tsio/sync": `file:${sync.file}`,
      "@tsio/thread": `file:${thread.file}`,
      "fake-framework": `file:${framework}`,
      "fake-legacy": `file:${legacy}`,
    },
  });
  const install = await runCommand("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
    env: outsideEnv(),
    timeoutMs: 300_000,
  });
  if (install.code !== 0) return { ok: false, detail: `npm install failed:\n${tail(install.stdout + install.stderr)}` };
  writeFileSync(path.join(project, "duplicates.mjs"), PROGRAM.trimStart());
  const result = await runCommand(process.execPath, ["duplicates.mjs"], { cwd: project, timeoutMs: 30_000 });
  if (result.timedOut) notes.push("the program did not exit within 30 s: a thread pool or handle was left open");
  const output = [...notes, (result.stdout + result.stderr).trim()].join("\n");
  return { ok: result.code === 0 && notes.length === 0, detail: output };
}
