import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "thread", include: ["test/**/*.test.ts"] },
});
