/** Word lists both syntaxes share: families, BMP views, BGP roles. */
import type { Reader } from "./reader.ts";
import type { LNode } from "./tree.ts";

/** Family names -> the model's "AFI/SAFI" (RFC 4760: AFI 1/2, SAFI 1). */
export const FAMILY_NAMES = { "ipv4-unicast": "1/1", "ipv6-unicast": "2/1" } as const;
export const BMP_VIEWS = [
  "pre-policy",
  "post-policy",
  "adj-rib-out-pre",
  "adj-rib-out-post",
  "loc-rib",
] as const;
export const PEER_ROLES = ["provider", "rs", "rs-client", "customer", "peer"] as const;

/** Views in canonical order, no repeats; at least one. */
export function canonicalViews(
  r: Reader,
  views: readonly (typeof BMP_VIEWS[number])[],
  node: LNode,
  path: string,
): (typeof BMP_VIEWS[number])[] | undefined {
  if (views.length === 0) {
    r.fail(node.at, path, `a BMP server needs at least one view; allowed: ${BMP_VIEWS.join(", ")}`);
    return undefined;
  }
  return BMP_VIEWS.filter((v) => views.includes(v));
}
