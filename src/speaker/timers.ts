/**
 * Named deadlines for one session: the FSM returns "arm timer X at T" / "stop timer X" actions
 * (timers are deadlines, RFC 4271 §8 kept sans-IO), and this turns them into Clock timers.
 * Re-arming a name replaces its previous deadline, so at most one timer per name is live.
 */
import type { Clock, TimerHandle } from "../common/clock.ts";

export class TimerSet<K extends string> {
  #clock: Clock;
  #onExpire: (name: K) => void;
  #live = new Map<K, { at: number; handle: TimerHandle }>();
  #closed = false;

  /** `onExpire(name)` runs when a deadline passes (never after `cancelAll`). */
  constructor(clock: Clock, onExpire: (name: K) => void) {
    this.#clock = clock;
    this.#onExpire = onExpire;
  }

  /** Arms `name` to expire at `at` (clock milliseconds), replacing any earlier deadline. */
  arm(name: K, at: number): void {
    if (this.#closed) return;
    this.cancel(name);
    const entry = {
      at,
      handle: this.#clock.setTimer(at, () => {
        if (this.#live.get(name) !== entry) return;
        this.#live.delete(name);
        this.#onExpire(name);
      }),
    };
    this.#live.set(name, entry);
  }

  cancel(name: K): void {
    const entry = this.#live.get(name);
    if (!entry) return;
    entry.handle.cancel();
    this.#live.delete(name);
  }

  /** The deadline of `name`, or undefined when it is not armed. */
  deadline(name: K): number | undefined {
    return this.#live.get(name)?.at;
  }

  /** Names currently armed. */
  armed(): K[] {
    return [...this.#live.keys()];
  }

  /** Cancels everything; later `arm` calls are ignored (the session is gone). */
  cancelAll(): void {
    this.#closed = true;
    for (const { handle } of this.#live.values()) handle.cancel();
    this.#live.clear();
  }
}
