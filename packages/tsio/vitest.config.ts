import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "tsio", include: ["test/**/*.test.ts"] },
});
