import { afterEach } from "vitest";

/** A step that releases something a test built (a broker, a client, a temp dir). */
export type CleanupStep = () => Promise<void> | void;

/** Where a test registers its cleanup steps. */
export interface Cleanups {
  /** Register a step; after the test, steps run last-registered first, each awaited. */
  push(...steps: CleanupStep[]): void;
}

/**
 * Registers an `afterEach` in the calling `describe` that runs and forgets the steps pushed during
 * each test. A step that throws does not stop the others: every step runs, then the first error
 * (or all of them, as an AggregateError) fails the test, and nothing is left over for the next one.
 */
export function cleanupsAfterEach(): Cleanups {
  const steps: CleanupStep[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanup steps failed`);
  });
  return { push: (...more) => void steps.push(...more) };
}
