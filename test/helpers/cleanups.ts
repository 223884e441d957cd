import { afterEach } from "vitest";

/** A step that releases something a test built (a broker, a client, a temp dir). */
export type CleanupStep = () => Promise<void> | void;

/** Where a test registers its cleanup steps. */
export interface Cleanups {
  /** Register a step; after the test, steps run last-registered first, each awaited. */
  push(...steps: CleanupStep[]): void;
}

/** Registers an `afterEach` in the calling `describe` that runs and forgets the steps pushed during each test. */
export function cleanupsAfterEach(): Cleanups {
  const steps: CleanupStep[] = [];
  afterEach(async () => {
    for (const step of steps.reverse()) await step();
    steps.length = 0;
  });
  return { push: (...more) => void steps.push(...more) };
}
