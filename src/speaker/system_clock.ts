/** The real Clock: monotonic epoch milliseconds and setTimeout-backed timers. */
import type { Clock, TimerHandle } from "../common/clock.ts";

// setTimeout takes a signed 32-bit delay; longer waits re-arm in steps.
const MAX_DELAY_MS = 0x7fff_ffff;

export class SystemClock implements Clock {
  // performance.now() is monotonic; anchoring it at timeOrigin keeps epoch-like values.
  now(): number {
    return performance.timeOrigin + performance.now();
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    let id: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const delay = Math.max(0, at - this.now());
      if (delay > MAX_DELAY_MS) {
        id = setTimeout(arm, MAX_DELAY_MS);
      } else {
        id = setTimeout(() => {
          id = undefined;
          fn();
        }, Math.ceil(delay));
      }
    };
    arm();
    return {
      cancel: () => {
        if (id !== undefined) clearTimeout(id);
        id = undefined;
      },
    };
  }
}

/** The process-wide real clock. */
export const systemClock: Clock = new SystemClock();
