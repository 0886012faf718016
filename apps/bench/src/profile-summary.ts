/**
 * Summarises V8 `.cpuprofile` files (from `pnpm bench --cpu-prof <dir>`): the functions with the
 * most self time. Usage: `node dist/profile-summary.js <file-or-dir> [top]`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per function of one profile, in microseconds, largest first.
 *
 * @example
 * ```ts
 * const [top] = selfTimes(JSON.parse(readFileSync("x.cpuprofile", "utf8")));
 * ```
 */
export function selfTimes(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const where = frame.url ? ` ${frame.url.split("/").slice(-3).join("/")}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

function main(target: string, top: number): void {
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((name) => name.endsWith(".cpuprofile"))
        .map((name) => path.join(target, name))
    : [target];
  for (const file of files) {
    const times = selfTimes(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
    const total = times.reduce((sum, [, us]) => sum + us, 0);
    const share = (name: string): string => {
      const us = times.find(([key]) => key === name)?.[1] ?? 0;
      return `${((100 * us) / Math.max(1, total)).toFixed(1)}%`;
    };
    // V8's own pseudo-frames: the GC share is the first thing the speed work looks at.
    const pseudo = `GC ${share("(garbage collector)")}, idle ${share("(idle)")}, program ${share("(program)")}`;
    console.log(`\n${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled (${pseudo})`);
    for (const [key, us] of times.slice(0, top)) {
      console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv[2] ?? ".tmp/profiles", Number(process.argv[3] ?? 20));
}
