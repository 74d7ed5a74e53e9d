/**
 * The seam between the RIB and policy: the RIB calls a RouteFilter on import and export and
 * never sees how it is built (src/policy implements it; the speaker wires it to peers).
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import type { RouteAttributes } from "./attributes.ts";
import type { PeerInfo } from "./peer.ts";

export interface RouteFilter {
  /**
   * True when no condition reads the prefix: the RIB may evaluate once per attribute set
   * instead of once per prefix.
   */
  readonly prefixIndependent: boolean;
  /**
   * Decides one route. `source` sent the route (or originated it locally); `peer` is the session
   * the filter belongs to (the source on import, the receiver on export). Returns the attributes
   * to use, the very same object when nothing changed, or undefined to reject.
   */
  evaluate(
    prefix: PrefixKey,
    attrs: RouteAttributes,
    source: PeerInfo,
    peer: PeerInfo,
  ): RouteAttributes | undefined;
}

/** Rejects everything (RFC 8212 for an eBGP peer without policy). */
export const REJECT_ALL: RouteFilter = {
  prefixIndependent: true,
  evaluate: () => undefined,
};
