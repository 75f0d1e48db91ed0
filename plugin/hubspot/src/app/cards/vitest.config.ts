import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The testing renderer draws into @remote-ui's in-memory tree, not a DOM, so Node is enough.
    environment: "node",
    include: ["*.test.ts", "*.test.tsx"],
  },
});
