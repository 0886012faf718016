import { describe, expect, it } from "vitest";
import { importTasks, runNodeScript } from "./helpers/node-child.js";

describe("currentTask() in an http handler registered inside main", () => {
  it("is null while main waits on tsio, so currentTask()!.signal fails at once; a task made for the request is handed its own", async () => {
    const child = await runNodeScript(`
      import http from "node:http";
      ${importTasks("run, currentTask, createTask, getRunningLoop")}
      await run(async () => {
        const reports = [];
        getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx.message));
        const done = getRunningLoop().createFuture();
        const server = http.createServer((req, res) => {
          try {
            console.log("handler: signal of " + currentTask().getName() + " (wrong)");
          } catch (err) {
            console.log("handler: currentTask() is null, so currentTask()!.signal throws " + err.name);
          }
          createTask((task) => {
            console.log("request task: handed " + task.getName() + ", currentTask() is the same: " + (currentTask() === task) + ", signal aborted: " + task.signal.aborted);
            res.end("ok");
          }, { name: "request-1" });
        });
        await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
        http.get({ host: "127.0.0.1", port: server.address().port }, (res) => { res.resume(); res.on("end", () => done.setResult()); });
        await done;
        server.close();
        console.log("main: currentTask() is " + currentTask().getName());
        console.log(reports.join("\\n"));
      }, { name: "main", debug: true });
    `);
    expect(child.stderr).toBe("");
    const lines = child.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "handler: currentTask() is null, so currentTask()!.signal throws TypeError",
      "request task: handed request-1, currentTask() is the same: true, signal aborted: false",
      "main: currentTask() is main",
    ]);
    // Debug mode says why, once, at the call site.
    expect(lines[3]).toMatch(/^currentTask\(\) returned null at .*: this code runs in the context of <Task pending name='main'/);
    expect(lines[3]).toMatch(/Make the callback a task of its own/);
    expect(lines.slice(4)).toEqual([""]);
    expect(child.code).toBe(0);
  });
});
