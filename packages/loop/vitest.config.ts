import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "loop", include: ["test/**/*.test.ts"] },
});
