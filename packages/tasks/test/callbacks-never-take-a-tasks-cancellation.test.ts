import { describe, expect, it } from "vitest";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

/**
 * A child whose main starts an http server (127.0.0.1, port 0) and then waits on tsio; the
 * request handler inherits main's context and awaits `sleep(3000)` directly. Ctrl-C arrives while
 * the handler sleeps: it must reach main's own await.
 */
function serverScript(handlerBody: string, options = ""): string {
  return `
    import http from "node:http";
    ${importTasks("run, sleep, KeyboardInterrupt, getRunningLoop")}
    try {
      await run(async () => {
        const server = http.createServer(async (req, res) => {
          console.log("handler: sleeping");
          ${handlerBody}
        });
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        http.get({ host: "127.0.0.1", port: server.address().port }, (res) => res.resume()).on("error", () => {});
        try {
          await sleep(60_000);
          console.log("main: slept (wrong)");
        } finally {
          await sleep(20); // clean-up may await
          console.log("main: finally ran");
          server.closeAllConnections();
          server.close();
        }
      }${options});
    } catch (err) {
      console.log("run() rejected with " + err.name);
      process.exitCode = err instanceof KeyboardInterrupt ? 130 : 1;
    }
  `;
}

const onHandler = (line: string, child: import("node:child_process").ChildProcess): void => {
  if (line === "handler: sleeping") setTimeout(() => child.kill("SIGINT"), 50);
};

describe("a callback awaiting tsio in a task's context", () => {
  it("does not take Ctrl-C from main: main's finally runs and run() rejects with KeyboardInterrupt", async () => {
    const child = await runNodeScript(
      serverScript(`
        try {
          await sleep(3000);
          res.end("slow reply");
        } catch (err) {
          console.log("handler caught " + err.name + " (wrong)");
          res.end();
        }
      `),
      { onLine: onHandler },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout.split("\n")).toEqual(["handler: sleeping", "main: finally ran", "run() rejected with KeyboardInterrupt", ""]);
    expect(child.code).toBe(130);
  });

  it("is not cancelled with main either, so an unguarded handler cannot crash the process", async () => {
    const child = await runNodeScript(serverScript(`await sleep(3000); res.end("slow reply");`), { onLine: onHandler });
    expect(child.stderr).toBe("");
    expect(child.stdout.split("\n")).toEqual(["handler: sleeping", "main: finally ran", "run() rejected with KeyboardInterrupt", ""]);
    expect(child.code).toBe(130);
  });

  it("is reported once per call site in debug mode, with the fix", async () => {
    const child = await runNodeScript(
      `
      import http from "node:http";
      ${importTasks("run, sleep, getRunningLoop")}
      await run(async () => {
        const reports = [];
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx.message));
        const server = http.createServer(async (req, res) => {
          await sleep(5);
          res.end("ok");
        });
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        const get = () => new Promise((resolve) => http.get({ host: "127.0.0.1", port: server.address().port, agent: false }, (res) => { res.resume(); res.on("end", resolve); }));
        const done = getRunningLoop().createFuture();
        Promise.all([get(), get(), get()]).then(() => done.setResult());
        await done; // main waits on tsio while three requests are handled
        server.close();
        console.log(reports.length + " report(s)");
        console.log(reports[0]);
      }, { debug: true });
      `,
    );
    expect(child.stderr).toBe("");
    const [count, message] = child.stdout.split("\n");
    expect(count).toBe("1 report(s)");
    // The site is where the callback created what it awaits: the handler, in the child's script.
    expect(message).toMatch(/^An await of <sleep until .*> \(created at Server\.<anonymous> \(.*\[eval1\]:\d+:\d+\)\) ran in the context of <Task pending name='Task-1'/);
    expect(message).toMatch(/Cancelling the task does not interrupt it/);
    expect(message).toMatch(/make the callback a task of its own: runner\.createTask\(\(task\) => \.\.\.\) from ordinary code, or createTask/i);
    expect(child.code).toBe(0);
  });
});
