import type { Input } from "../core/inputs.js";

/**
 * Inputs reported before anything can take them: the outputs start before the engine (so that the
 * locks are driven as soon as the stored safety state is read), and their drivers report their
 * status as they start. Held in order, and handed over, still in order, once the engine is there.
 */
export class EarlyInputs {
  private held: Input[] = [];
  private target: ((input: Input) => void) | null = null;

  /** What a driver reports to: held until `deliver`, passed straight on after it. */
  readonly emit = (input: Input): void => {
    if (this.target === null) this.held.push(input);
    else this.target(input);
  };

  /** Hand every held input to `target`, oldest first, then pass each new one straight to it. */
  deliver(target: (input: Input) => void): void {
    while (this.held.length > 0) {
      const held = this.held;
      this.held = [];
      for (const input of held) target(input);
    }
    this.target = target;
  }
}
