// The guided mode's gate: the engine waits here before a stage until the UI opens it. The gate
// is the engine's: it always knows (and tells) whether it is waiting and before which stage, so
// a command typed at a pause can never leave the UI believing the session runs on.
import type { StageId } from '../model/stages.js';

export type GateState = { kind: 'open' } | { kind: 'waiting'; before: StageId };

export class Gate {
  private release: (() => void) | null = null;
  private where: StageId | null = null;
  /** Opened for good: auto mode, or the run is being stopped. */
  private latched = false;

  get state(): GateState {
    return this.where === null ? { kind: 'open' } : { kind: 'waiting', before: this.where };
  }

  /**
   * Wait before `stage` until open() (at once when latched). Resolves with the stage the gate
   * was opened for: a command typed at the pause may have run stages (manual STARTTLS), and
   * the pause then stands before a later one (retarget()).
   */
  wait(stage: StageId): Promise<StageId> {
    if (this.latched) return Promise.resolve(stage);
    this.where = stage;
    return new Promise((resolve) => {
      this.release = () => {
        const at = this.where ?? stage;
        this.where = null;
        resolve(at);
      };
    });
  }

  /** The pause now stands before `stage` (after a command typed at it ran stages). */
  retarget(stage: StageId): void {
    if (this.where !== null) this.where = stage;
  }

  /** Let the waiting stage run (one step in guided mode). */
  open(): void {
    const r = this.release;
    this.release = null;
    r?.();
  }

  /** Stop pausing from now on (auto mode, abort), and let a waiting stage run. */
  latch(): void {
    this.latched = true;
    this.open();
  }

  unlatch(): void {
    this.latched = false;
  }

  get isLatched(): boolean {
    return this.latched;
  }
}
