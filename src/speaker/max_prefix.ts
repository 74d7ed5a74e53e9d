/**
 * Max-prefix enforcement for one session (bgpgg §4.4, RFC 4486 Cease subcode 1): the prefixes
 * the peer currently announces, per family, and how an UPDATE is trimmed by the FSM's
 * maxPrefixDecision. Only kept when a limit is configured.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import { type MaxPrefixConfig, type MaxPrefixDecision, maxPrefixDecision } from "../fsm/mod.ts";
import {
  AFI_IPV4,
  type AfiSafi,
  type FamilyKey,
  familyKey,
  type NlriList,
  SAFI_UNICAST,
  type UpdateMessage,
} from "../wire/mod.ts";

export type MaxPrefixOutcome =
  | { readonly type: "accept"; readonly update: UpdateMessage; readonly discarded: number }
  | {
    readonly type: "terminate";
    readonly decision: Extract<MaxPrefixDecision, { type: "terminate" }>;
  }
  | { readonly type: "drop-update"; readonly update: UpdateMessage; readonly reason: string };

const IPV4_UNICAST: AfiSafi = { afi: AFI_IPV4, safi: SAFI_UNICAST };

export class PrefixLimit {
  #config: MaxPrefixConfig;
  #allowAutomaticStop: boolean;
  #prefixes = new Map<FamilyKey, Set<PrefixKey>>();

  constructor(config: MaxPrefixConfig, allowAutomaticStop: boolean) {
    this.#config = config;
    this.#allowAutomaticStop = allowAutomaticStop;
  }

  count(family: AfiSafi): number {
    return this.#prefixes.get(familyKey(family))?.size ?? 0;
  }

  clear(): void {
    this.#prefixes.clear();
  }

  #set(f: AfiSafi): Set<PrefixKey> {
    const k = familyKey(f);
    let s = this.#prefixes.get(k);
    if (!s) this.#prefixes.set(k, s = new Set());
    return s;
  }

  /** Applies withdrawals, then the limit to the announcements of each family. */
  apply(update: UpdateMessage): MaxPrefixOutcome {
    // Withdrawals are always processed (bgpgg §4.4).
    for (const list of [update.withdrawn, update.mpUnreach?.withdrawn]) {
      if (!list) continue;
      const s = this.#set(list);
      for (const p of list.prefixes) s.delete(p);
    }
    let discarded = 0;
    let nlri = update.nlri;
    let mpReach = update.mpReach;
    for (const which of ["nlri", "mp"] as const) {
      const list = which === "nlri" ? nlri : mpReach?.nlri;
      if (!list || list.prefixes.length === 0) continue;
      const family = which === "nlri" ? IPV4_UNICAST : list;
      const s = this.#set(family);
      let added = 0;
      for (const p of list.prefixes) if (!s.has(p)) added++;
      const d = maxPrefixDecision({
        config: this.#config,
        allowAutomaticStop: this.#allowAutomaticStop,
        family: { afi: family.afi, safi: family.safi },
        current: s.size,
        added,
      });
      if (d.type === "terminate") return { type: "terminate", decision: d };
      if (d.type === "drop-update") {
        return { type: "drop-update", update: withoutAnnouncements(update), reason: d.reason };
      }
      const keep = d.type === "discard" ? d.accept : Number.POSITIVE_INFINITY;
      const kept = keepNew(list, s, keep);
      discarded += list.prefixes.length - kept.prefixes.length;
      for (const p of kept.prefixes) s.add(p);
      if (which === "nlri") nlri = kept;
      else mpReach = { ...mpReach!, nlri: kept };
    }
    const out: UpdateMessage = discarded === 0
      ? update
      : { ...update, nlri, ...(mpReach ? { mpReach } : {}) };
    return { type: "accept", update: out, discarded };
  }
}

/** `list` with re-announcements kept and at most `maxNew` prefixes not yet in `known`. */
function keepNew(list: NlriList, known: Set<PrefixKey>, maxNew: number): NlriList {
  if (maxNew === Number.POSITIVE_INFINITY) return list;
  const prefixes: PrefixKey[] = [];
  const pathIds: number[] = [];
  let fresh = 0;
  for (let i = 0; i < list.prefixes.length; i++) {
    const p = list.prefixes[i]!;
    if (!known.has(p)) {
      if (fresh >= maxNew) continue;
      fresh++;
    }
    prefixes.push(p);
    if (list.pathIds) pathIds.push(list.pathIds[i]!);
  }
  return { afi: list.afi, safi: list.safi, prefixes, ...(list.pathIds ? { pathIds } : {}) };
}

function emptyList(f: AfiSafi): NlriList {
  return { afi: f.afi, safi: f.safi, prefixes: [] };
}

/** The UPDATE with its announcements removed (withdrawals kept). */
export function withoutAnnouncements(update: UpdateMessage): UpdateMessage {
  const { mpReach: _drop, ...rest } = update;
  return { ...rest, nlri: emptyList(IPV4_UNICAST) };
}

/**
 * RFC 7606 §2 treat-as-withdraw: every prefix the UPDATE announces is withdrawn instead.
 */
export function treatAsWithdraw(update: UpdateMessage): UpdateMessage {
  const withdrawn: NlriList = {
    afi: AFI_IPV4,
    safi: SAFI_UNICAST,
    prefixes: [...update.withdrawn.prefixes, ...update.nlri.prefixes],
  };
  const mpList = update.mpUnreach?.withdrawn.prefixes ?? [];
  const reach = update.mpReach;
  const out: UpdateMessage = {
    type: "update",
    withdrawn,
    attributes: {},
    nlri: emptyList(IPV4_UNICAST),
  };
  if (reach || update.mpUnreach) {
    const f = reach ?? update.mpUnreach!;
    const prefixes = [...mpList, ...(reach?.nlri.prefixes ?? [])];
    return {
      ...out,
      mpUnreach: { afi: f.afi, safi: f.safi, withdrawn: { afi: f.afi, safi: f.safi, prefixes } },
    };
  }
  return out;
}
