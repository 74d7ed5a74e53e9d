/**
 * Per-peer counters: messages by type in each direction (the fields of bgpgg's PeerStatistics,
 * plus ROUTE-REFRESH), session uptime, flap count and the last error with its RFC 4271 §4.5
 * code and subcode.
 */
import { MessageType, type MessageTypeCode } from "../wire/types.ts";

export interface MessageCounts {
  open: number;
  update: number;
  notification: number;
  keepalive: number;
  routeRefresh: number;
}

/** The last error that ended (or refused) a session. */
export interface LastError {
  /** "sent": we sent the NOTIFICATION; "received": the peer did; "local": no NOTIFICATION. */
  readonly direction: "sent" | "received" | "local";
  readonly code: number;
  readonly subcode: number;
  /** Human text: the decoded reason, plus an RFC 8203 shutdown message when present. */
  readonly text: string;
  /** Clock milliseconds. */
  readonly at: number;
}

/** A read-only copy of a peer's statistics. */
export interface PeerStatsSnapshot {
  readonly sent: Readonly<MessageCounts>;
  readonly received: Readonly<MessageCounts>;
  /** When the current session became Established (clock ms), if it is. */
  readonly establishedAt?: number;
  /** Milliseconds in Established so far, 0 when not Established. */
  readonly uptimeMs: number;
  /** Times a session left Established. */
  readonly flaps: number;
  /** Times a session reached Established. */
  readonly establishedCount: number;
  readonly lastError?: LastError;
}

function zero(): MessageCounts {
  return { open: 0, update: 0, notification: 0, keepalive: 0, routeRefresh: 0 };
}

function bump(c: MessageCounts, type: MessageTypeCode, n: number): void {
  switch (type) {
    case MessageType.OPEN:
      c.open += n;
      break;
    case MessageType.UPDATE:
      c.update += n;
      break;
    case MessageType.NOTIFICATION:
      c.notification += n;
      break;
    case MessageType.KEEPALIVE:
      c.keepalive += n;
      break;
    case MessageType.ROUTE_REFRESH:
      c.routeRefresh += n;
      break;
  }
}

export class PeerStats {
  #sent = zero();
  #received = zero();
  #establishedAt: number | undefined;
  #flaps = 0;
  #establishedCount = 0;
  #lastError: LastError | undefined;

  countSent(type: MessageTypeCode, n = 1): void {
    bump(this.#sent, type, n);
  }

  countReceived(type: MessageTypeCode): void {
    bump(this.#received, type, 1);
  }

  established(now: number): void {
    this.#establishedAt = now;
    this.#establishedCount++;
  }

  /** The session left Established (or never reached it, then only the error is kept). */
  down(): void {
    if (this.#establishedAt !== undefined) this.#flaps++;
    this.#establishedAt = undefined;
  }

  error(e: LastError): void {
    this.#lastError = e;
  }

  get lastError(): LastError | undefined {
    return this.#lastError;
  }

  snapshot(now: number): PeerStatsSnapshot {
    const base = {
      sent: { ...this.#sent },
      received: { ...this.#received },
      uptimeMs: this.#establishedAt === undefined ? 0 : Math.max(0, now - this.#establishedAt),
      flaps: this.#flaps,
      establishedCount: this.#establishedCount,
    };
    return {
      ...base,
      ...(this.#establishedAt !== undefined ? { establishedAt: this.#establishedAt } : {}),
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
    };
  }
}
