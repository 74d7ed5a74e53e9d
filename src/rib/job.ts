/**
 * Long RIB operations (a peer's full table going away, the initial dump to a new peer, soft
 * resets) as resumable jobs: the speaker runs a bounded slice, handles the changes, yields to
 * the event loop and continues. The RIB itself never awaits.
 */
import type { ChangeSet } from "./change.ts";

export interface RibJob {
  /** Does about `budget` units of work (prefix slots), appending Loc-RIB changes; true when done. */
  run(budget: number, changes: ChangeSet): boolean;
  readonly done: boolean;
}

/** A job that is already complete. */
export const DONE_JOB: RibJob = { run: () => true, done: true };

/** Runs jobs one after the other. */
export class SequenceJob implements RibJob {
  readonly #jobs: RibJob[];
  #i = 0;

  constructor(jobs: RibJob[]) {
    this.#jobs = jobs;
  }

  get done(): boolean {
    return this.#i >= this.#jobs.length;
  }

  run(budget: number, changes: ChangeSet): boolean {
    while (this.#i < this.#jobs.length) {
      if (!this.#jobs[this.#i]!.run(budget, changes)) return false;
      this.#i++;
    }
    return true;
  }
}

/** Visits every live slot of a family once, in slot order, `budget` slots per run. */
export class SlotScanJob implements RibJob {
  #cursor = 0;
  #done = false;
  readonly #bound: () => number;
  readonly #visit: (slot: number, changes: ChangeSet) => void;
  readonly #onDone: (() => void) | undefined;

  constructor(
    bound: () => number,
    visit: (slot: number, changes: ChangeSet) => void,
    onDone?: () => void,
  ) {
    this.#bound = bound;
    this.#visit = visit;
    this.#onDone = onDone;
  }

  get done(): boolean {
    return this.#done;
  }

  run(budget: number, changes: ChangeSet): boolean {
    if (this.#done) return true;
    const end = Math.min(this.#bound(), this.#cursor + Math.max(1, budget));
    for (; this.#cursor < end; this.#cursor++) this.#visit(this.#cursor, changes);
    if (this.#cursor >= this.#bound()) {
      this.#done = true;
      this.#onDone?.();
    }
    return this.#done;
  }
}

/** Runs a job to completion (tests, shutdown). */
export function runToCompletion(job: RibJob, changes: ChangeSet): void {
  while (!job.run(65536, changes));
}
