/**
 * IdleHoldTime with peer-oscillation damping (RFC 4271 §8.1.1 Group 1, Option 3), using
 * bgpgg's formula so operators moving from bgpgg see the same restart schedule:
 *
 *   base = idle_hold_time_secs                       (undefined: no automatic restart)
 *   n    = consecutive drops of a live connection    (the flap count below)
 *   wait = base                                      when damping is off or n = 0
 *   wait = min(base × 2^min(n, 6), 120 s)            otherwise
 *
 * Example with base 30 s: 30, 60, 120, 120, … The 120 s cap applies to the damped value only,
 * so (as in bgpgg) a base above 120 s is shortened to 120 s once a flap has been counted.
 *
 * n grows by one each time a session that had a TCP connection drops to Idle for a reason
 * that damping applies to (see fsm.ts), and returns to 0 when a KEEPALIVE or UPDATE arrives
 * after the session has been Established for at least the negotiated hold time
 * (RFC 4271 §8.1.1 leaves the damping method to the implementation).
 */

/** bgpgg's ceiling on a damped idle hold time. */
export const MAX_DAMPED_IDLE_HOLD_TIME_MS = 120_000;

/** The largest exponent used: 2^6 = 64 × base. */
export const MAX_DAMPING_EXPONENT = 6;

/** What the damping rule needs from the peer's configuration. */
export interface DampingConfig {
  /** RFC 4271 §8.1.1 IdleHoldTime in seconds; undefined = AllowAutomaticStart is FALSE. */
  readonly idleHoldTimeSecs?: number;
  /** RFC 4271 §8.1.1 DampPeerOscillations. */
  readonly dampPeerOscillations: boolean;
}

/** The peer's flap history, kept across connections. */
export interface FlapHistory {
  /** Consecutive drops since the last stable session (bgpgg's consecutive_down_count). */
  readonly flaps: number;
  /** When the last counted drop happened (ms), for logs and statistics. */
  readonly lastFlapAt?: number;
  /** Total drops ever counted (never reset), for statistics. */
  readonly totalFlaps: number;
}

export const NO_FLAPS: FlapHistory = { flaps: 0, totalFlaps: 0 };

/** The IdleHoldTime to wait before the next automatic start, in ms; undefined = never. */
export function idleHoldTimeMs(config: DampingConfig, history: FlapHistory): number | undefined {
  if (config.idleHoldTimeSecs === undefined) return undefined;
  const base = config.idleHoldTimeSecs * 1000;
  if (!config.dampPeerOscillations || history.flaps === 0) return base;
  const exponent = Math.min(history.flaps, MAX_DAMPING_EXPONENT);
  return Math.min(base * 2 ** exponent, MAX_DAMPED_IDLE_HOLD_TIME_MS);
}

/** The IdleHoldTimer deadline for a session that enters Idle at `now`; undefined = never. */
export function idleHoldDeadline(
  config: DampingConfig,
  history: FlapHistory,
  now: number,
): number | undefined {
  const wait = idleHoldTimeMs(config, history);
  return wait === undefined ? undefined : now + wait;
}

/** Counts one drop of a live connection at `now`. */
export function recordFlap(history: FlapHistory, now: number): FlapHistory {
  return { flaps: history.flaps + 1, lastFlapAt: now, totalFlaps: history.totalFlaps + 1 };
}

/**
 * Clears the consecutive count once the session has been Established for at least the
 * negotiated hold time (called on each KEEPALIVE or UPDATE received in Established).
 */
export function recordStable(
  history: FlapHistory,
  establishedAt: number,
  holdTimeMs: number,
  now: number,
): FlapHistory {
  if (history.flaps === 0 || now - establishedAt < holdTimeMs) return history;
  return { ...history, flaps: 0 };
}
