/**
 * UPDATE checks that depend on the kind of session, which the codec does not know. The speaker
 * calls these after decodeUpdate with what it knows about the peer; the results are ordinary
 * UpdateIssues to merge with the decoder's.
 */
import { AttributeCode as A, NotificationCode, UpdateMessageErrorSubcode } from "./iana.ts";
import { hasConfedSegment } from "./as_path.ts";
import { makeNotification } from "./notification.ts";
import {
  AsPathSegmentType,
  ErrorAction,
  type PathAttributes,
  type UpdateIssue,
  type UpdateMessage,
} from "./types.ts";

export interface PeerFacts {
  /** An external (eBGP) session. */
  readonly external: boolean;
  /** The peer is a member of our confederation (RFC 5065). */
  readonly confederationMember?: boolean;
  /** When set, RFC 4271 §6.3: the leftmost AS of an external peer's path must be this. */
  readonly enforceFirstAs?: number;
}

function hasRoutes(u: UpdateMessage): boolean {
  return u.nlri.prefixes.length > 0 || (u.mpReach?.nlri.prefixes.length ?? 0) > 0;
}

/**
 * RFC 7606 §7.5, §7.9, §7.10: LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from an external peer are
 * discarded (returned attributes omit them); RFC 7606 §7.2: confederation segments from a
 * non-confederation external peer mean treat-as-withdraw; RFC 4271 §6.3 / RFC 7606 §3.d: an
 * internal UPDATE with routes must carry LOCAL_PREF.
 */
export function checkPeerRules(
  u: UpdateMessage,
  peer: PeerFacts,
): { attributes: PathAttributes; issues: UpdateIssue[] } {
  const issues: UpdateIssue[] = [];
  let attributes = u.attributes;
  if (peer.external && !peer.confederationMember) {
    const drop: (keyof PathAttributes)[] = [];
    if (attributes.localPref !== undefined) drop.push("localPref");
    if (attributes.originatorId !== undefined) drop.push("originatorId");
    if (attributes.clusterList !== undefined) drop.push("clusterList");
    if (drop.length > 0) {
      const copy: Record<string, unknown> = { ...attributes };
      for (const k of drop) delete copy[k];
      attributes = copy as PathAttributes;
      for (const k of drop) {
        issues.push({
          action: ErrorAction.ATTRIBUTE_DISCARD,
          attribute: k === "localPref"
            ? A.LOCAL_PREF
            : k === "originatorId"
            ? A.ORIGINATOR_ID
            : A.CLUSTER_LIST,
          reason: `${k} from an external peer discarded (RFC 7606 §7.5/§7.9/§7.10)`,
        });
      }
    }
    if (attributes.asPath && hasConfedSegment(attributes.asPath)) {
      issues.push({
        action: ErrorAction.TREAT_AS_WITHDRAW,
        attribute: A.AS_PATH,
        reason: "confederation segments from an external peer (RFC 7606 §7.2)",
        notification: makeNotification(
          NotificationCode.UPDATE_MESSAGE_ERROR,
          UpdateMessageErrorSubcode.MALFORMED_AS_PATH,
        ),
      });
    }
    if (peer.enforceFirstAs !== undefined && hasRoutes(u)) {
      const first = attributes.asPath?.[0];
      const ok = first !== undefined && first.type === AsPathSegmentType.AS_SEQUENCE &&
        first.asns[0] === peer.enforceFirstAs;
      if (!ok) {
        issues.push({
          action: ErrorAction.TREAT_AS_WITHDRAW,
          attribute: A.AS_PATH,
          reason: `leftmost AS is not the peer AS ${peer.enforceFirstAs} (RFC 4271 §6.3)`,
          notification: makeNotification(
            NotificationCode.UPDATE_MESSAGE_ERROR,
            UpdateMessageErrorSubcode.MALFORMED_AS_PATH,
          ),
        });
      }
    }
  } else if (!peer.external && hasRoutes(u) && attributes.localPref === undefined) {
    issues.push({
      action: ErrorAction.TREAT_AS_WITHDRAW,
      attribute: A.LOCAL_PREF,
      reason: "missing LOCAL_PREF from an internal peer (RFC 7606 §3.d)",
      notification: makeNotification(
        NotificationCode.UPDATE_MESSAGE_ERROR,
        UpdateMessageErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
        new Uint8Array([A.LOCAL_PREF]),
      ),
    });
  }
  return { attributes, issues };
}
