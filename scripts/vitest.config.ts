import { defineProject } from "vitest/config";

// The repository's own tooling (scripts/*.mjs), tested on fixtures in temporary folders.
export default defineProject({
  test: { name: "tooling", include: ["test/**/*.test.ts"], testTimeout: 240_000, hookTimeout: 120_000 },
});
