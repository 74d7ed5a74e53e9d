/**
 * Time as a dependency: the speaker reads `now()` and arms timers only through a Clock, so tests
 * drive hours of FSM time (idle-hold damping, hold timers) in microseconds with FakeClock.
 * The real clock lives in speaker/ (common/ may not use timers).
 */

/** A cancellable timer; cancelling twice or after it fired is harmless. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch; never goes backwards. */
  now(): number;
  /** Calls `fn` once, at or after `at` (a `now()` value). */
  setTimer(at: number, fn: () => void): TimerHandle;
}

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  live: boolean;
}

/** Virtual time: nothing happens until `advance`/`advanceTo` is called. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: FakeTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const timer: FakeTimer = { at, seq: this.#seq++, fn, live: true };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.live = false;
      },
    };
  }

  /** Live timers, earliest first (for assertions). */
  pending(): number[] {
    return this.#timers.filter((t) => t.live).map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing due timers in deadline order (ties: arming order). */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Moves time to `t`; timers armed by fired callbacks also fire if due by `t`. */
  advanceTo(t: number): void {
    for (;;) {
      this.#timers = this.#timers.filter((x) => x.live);
      let next: FakeTimer | undefined;
      for (const x of this.#timers) {
        if (x.at <= t && (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq))) {
          next = x;
        }
      }
      if (!next) break;
      next.live = false;
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = Math.max(this.#now, t);
  }
}
