#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import { main } from "../cli/main.js";

// Node 20 has the WHATWG WebSocket client only behind a flag (Node 22+ has it global): rather than
// pull in a WebSocket package, the bin runs itself again with the flag.
if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== "function") {
  const again = spawnSync(process.execPath, [...process.execArgv, "--experimental-websocket", "--disable-warning=ExperimentalWarning", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

process.exitCode = await main(
  process.argv.slice(2),
  (text) => process.stdout.write(text),
  (text) => process.stderr.write(text),
);
