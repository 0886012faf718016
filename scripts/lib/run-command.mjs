import { spawn } from "node:child_process";

/**
 * Runs a command to completion and collects its output instead of streaming it, so that parallel
 * steps do not interleave and a failing step can print exactly what it said.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string, ms: number, timedOut: boolean }>}
 */
export function runCommand(command, args, options = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    const finish = (code) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut });
    };
    child.on("error", (err) => {
      stderr += String(err);
      finish(127);
    });
    child.on("close", (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/**
 * The environment for tools run in a consumer project outside the workspace: without the
 * `npm_*` variables a `pnpm run` parent exports, which would otherwise carry the workspace's
 * settings (and its lockfile behaviour) into a project that is meant to know nothing of it.
 *
 * @returns {NodeJS.ProcessEnv}
 */
export function outsideEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(npm|pnpm)_/i.test(key)) delete env[key];
  }
  return env;
}
