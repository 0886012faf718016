import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "bullmq",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Real Redis and real worker processes: each test is bounded well under this.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
