/**
 * Reconnect delays. RFC 7854 §3.2: "Retries MUST be subject to some variety of backoff" and the
 * router "MUST also restrict the rate at which sessions may be established". Capped doubling.
 */
export interface BackoffOptions {
  /** First delay, ms. */
  readonly initialMs: number;
  /** Cap, ms. */
  readonly maxMs: number;
}

/** The delay before attempt number `attempt` (0-based): initial * 2^attempt, capped. */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const exp = Math.min(Math.max(0, attempt), 40);
  return Math.min(o.maxMs, o.initialMs * 2 ** exp);
}
