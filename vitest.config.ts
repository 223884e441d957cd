import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // forks, not threads: onoff's epoll addon crashes when loaded in two worker threads.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
