/**
 * Maximum-prefix decision (RFC 4271 §8.1.2 Event 8 example; RFC 4486 Cease subcode 1) with
 * bgpgg's TERMINATE / DISCARD actions and AllowAutomaticStop:
 *
 * - count within the limit: accept.
 * - TERMINATE and AllowAutomaticStop: stop the session (Event 8) with Cease / Maximum Number
 *   of Prefixes Reached; bgpgg then leaves the peer Idle without automatic restart.
 * - TERMINATE without AllowAutomaticStop: drop this UPDATE's announcements, keep the session.
 * - DISCARD: keep the session and accept new prefixes only up to the limit; the excess is
 *   discarded (withdrawals are always processed). bgpgg drops all of the UPDATE's new
 *   prefixes once the limit would be passed; we fill up to the limit instead.
 */
import type { AfiSafi, NotificationMessage } from "../wire/types.ts";
import { CeaseSubcode, notification, NotificationCode } from "./notification.ts";

export interface MaxPrefixConfig {
  readonly limit: number;
  /** Default "terminate" (bgpgg). */
  readonly action: "terminate" | "discard";
}

export interface MaxPrefixInput {
  /** Family override first, else the peer-level setting; undefined = no limit. */
  readonly config?: MaxPrefixConfig;
  /** RFC 4271 §8.1.1 AllowAutomaticStop. */
  readonly allowAutomaticStop: boolean;
  readonly family: AfiSafi;
  /** Prefixes of this family already in the peer's Adj-RIB-In. */
  readonly current: number;
  /** Prefixes of this family the UPDATE would add (not already present). */
  readonly added: number;
}

export type MaxPrefixDecision =
  | { readonly type: "accept" }
  /** Accept the first `accept` new prefixes, discard the remaining `discard`. */
  | { readonly type: "discard"; readonly accept: number; readonly discard: number }
  /** Ignore this UPDATE's announcements (TERMINATE without AllowAutomaticStop). */
  | { readonly type: "drop-update"; readonly reason: string }
  /** Feed `automaticStop(notification)` (Event 8) to the FSM. */
  | {
    readonly type: "terminate";
    readonly notification: NotificationMessage;
    readonly reason: string;
  };

/**
 * RFC 4486 §4: "the Cease NOTIFICATION ... SHOULD include ... AFI (2 octets), SAFI (1 octet)
 * and the prefix upper bound (4 octets)".
 */
export function maximumPrefixesReached(family: AfiSafi, limit: number): NotificationMessage {
  const data = new Uint8Array(7);
  const view = new DataView(data.buffer);
  view.setUint16(0, family.afi); // AFI, 2 octets
  view.setUint8(2, family.safi); // SAFI, 1 octet
  view.setUint32(3, limit >>> 0); // prefix upper bound, 4 octets
  return notification(
    NotificationCode.CEASE,
    CeaseSubcode.MAXIMUM_NUMBER_OF_PREFIXES_REACHED,
    data,
  );
}

/** What to do with an UPDATE's new prefixes of one family. */
export function maxPrefixDecision(input: MaxPrefixInput): MaxPrefixDecision {
  const cfg = input.config;
  const total = input.current + input.added;
  // bgpgg §4.4: act only when the count would be greater than the limit.
  if (!cfg || total <= cfg.limit) return { type: "accept" };
  const fam = `${input.family.afi}/${input.family.safi}`;
  const reason = `${total} prefixes for ${fam} exceed the limit of ${cfg.limit}`;
  if (cfg.action === "discard") {
    const accept = Math.max(0, cfg.limit - input.current);
    return { type: "discard", accept, discard: input.added - accept };
  }
  if (!input.allowAutomaticStop) {
    return { type: "drop-update", reason: `${reason} (AllowAutomaticStop is false)` };
  }
  return {
    type: "terminate",
    notification: maximumPrefixesReached(input.family, cfg.limit),
    reason,
  };
}
