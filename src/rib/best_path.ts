/**
 * The decision process (RFC 4271 §9.1.2) as a chain of small comparators. Each returns which
 * candidate is preferred, or a tie, and the chain reports WHICH step decided: that reason is
 * shown by the API and in logs.
 *
 * Order: LOCAL_PREF (missing = 100), AS_PATH length (AS_SET = 1, confederation segments 0),
 * ORIGIN, MED (same neighbouring AS only unless always-compare-med; missing = 0, or worst with
 * med-missing-as-worst), eBGP over iBGP, locally originated over received, CLUSTER_LIST length,
 * ORIGINATOR_ID or BGP identifier, peer address, then path id (ADD-PATH) and registration order
 * so the result is total.
 *
 * Deliberately skipped: RFC 4271 §9.1.2.2 e (IGP cost to the NEXT_HOP). edgebgp has no IGP and
 * treats every next hop as equally reachable. RFC 4456 §9 places the CLUSTER_LIST step after the
 * BGP identifier; like GoBGP, bgpgg and most routers, edgebgp compares it first.
 *
 * Selection over several candidates eliminates, step by step, every candidate that another
 * live candidate beats (RFC 4271 §9.1.2.2 is written that way). MED is not transitive across
 * neighbouring ASes, so a pairwise "keep the better" scan would depend on arrival order; the
 * elimination does not.
 */
import type { AttrSet } from "./attributes.ts";
import type { PeerInfo } from "./peer.ts";

/** Why the best path won (the step where it became the only candidate left). */
export const BestPathReason = {
  NONE: 0,
  ONLY_PATH: 1,
  LOCAL_PREF: 2,
  AS_PATH_LENGTH: 3,
  ORIGIN: 4,
  MED: 5,
  EBGP_OVER_IBGP: 6,
  LOCAL_ORIGIN: 7,
  CLUSTER_LIST_LENGTH: 8,
  ROUTER_ID: 9,
  PEER_ADDRESS: 10,
  PATH_ID: 11,
} as const;
export type BestPathReasonCode = typeof BestPathReason[keyof typeof BestPathReason];

const REASON_TEXT: readonly string[] = [
  "no path",
  "only path",
  "higher LOCAL_PREF",
  "shorter AS_PATH",
  "lower ORIGIN",
  "lower MED",
  "eBGP over iBGP",
  "locally originated",
  "shorter CLUSTER_LIST",
  "lower ORIGINATOR_ID or BGP identifier",
  "lower peer address",
  "lower path identifier",
];

/** Human-readable text of a reason ("higher LOCAL_PREF"). */
export function bestPathReasonText(reason: number): string {
  return REASON_TEXT[reason] ?? `reason ${reason}`;
}

/** One path competing for a prefix. */
export interface Candidate {
  readonly attrs: AttrSet;
  readonly peer: PeerInfo;
  readonly pathId: number;
}

export interface BestPathOptions {
  /** Compare MED between paths from different neighbouring ASes too. */
  readonly alwaysCompareMed: boolean;
  /** A missing MED counts as the worst value, not as 0. */
  readonly medMissingAsWorst: boolean;
}

export const DEFAULT_BEST_PATH_OPTIONS: BestPathOptions = {
  alwaysCompareMed: false,
  medMissingAsWorst: false,
};

/** One decision step: negative when `a` is preferred, positive when `b` is, 0 for a tie. */
export interface Comparator {
  readonly reason: BestPathReasonCode;
  /** False only for MED: ties "different neighbouring AS" are not an order. */
  readonly transitive: boolean;
  compare(a: Candidate, b: Candidate, opts: BestPathOptions): number;
}

/** RFC 4271 §9.1.1: the higher degree of preference (LOCAL_PREF) wins. */
export function compareLocalPref(a: Candidate, b: Candidate): number {
  return b.attrs.localPref - a.attrs.localPref;
}

/** RFC 4271 §9.1.2.2 a: the shorter AS_PATH wins. */
export function compareAsPathLength(a: Candidate, b: Candidate): number {
  return a.attrs.asPathLength - b.attrs.asPathLength;
}

/** RFC 4271 §9.1.2.2 b: the lower ORIGIN wins (IGP < EGP < INCOMPLETE). */
export function compareOrigin(a: Candidate, b: Candidate): number {
  return a.attrs.origin - b.attrs.origin;
}

function medOf(c: Candidate, opts: BestPathOptions): number {
  const m = c.attrs.med;
  if (m !== undefined) return m;
  return opts.medMissingAsWorst ? 0x1_0000_0000 : 0;
}

/**
 * RFC 4271 §9.1.2.2 c: the lower MED wins, only between paths from the same neighbouring AS
 * unless always-compare-med is set.
 */
export function compareMed(a: Candidate, b: Candidate, opts: BestPathOptions): number {
  if (!opts.alwaysCompareMed && a.attrs.neighborAs !== b.attrs.neighborAs) return 0;
  return medOf(a, opts) - medOf(b, opts);
}

function externalRank(c: Candidate): number {
  return c.peer.type === "ibgp" ? 1 : 0;
}

/** RFC 4271 §9.1.2.2 d: eBGP-learned (and locally originated) paths beat iBGP-learned ones. */
export function compareEbgpOverIbgp(a: Candidate, b: Candidate): number {
  return externalRank(a) - externalRank(b);
}

/** Locally originated paths (config, API, kernel) beat paths learned from eBGP (bgpgg, GoBGP). */
export function compareLocalOrigin(a: Candidate, b: Candidate): number {
  return (a.peer.type === "local" ? 0 : 1) - (b.peer.type === "local" ? 0 : 1);
}

/** RFC 4456 §9: the shorter CLUSTER_LIST wins. */
export function compareClusterListLength(a: Candidate, b: Candidate): number {
  return a.attrs.clusterListLength - b.attrs.clusterListLength;
}

/** RFC 4271 §9.1.2.2 f, RFC 4456 §9: lower ORIGINATOR_ID (or the peer's BGP identifier) wins. */
export function compareRouterId(a: Candidate, b: Candidate): number {
  const x = a.attrs.originatorId || a.peer.bgpId;
  const y = b.attrs.originatorId || b.peer.bgpId;
  return x - y;
}

/** RFC 4271 §9.1.2.2 g: the lower peer address wins. */
export function comparePeerAddress(a: Candidate, b: Candidate): number {
  return a.peer.addressOrder < b.peer.addressOrder
    ? -1
    : a.peer.addressOrder > b.peer.addressOrder
    ? 1
    : 0;
}

/** Total order for the rest: lower ADD-PATH id, then the earlier registered source. */
export function comparePathId(a: Candidate, b: Candidate): number {
  return a.pathId - b.pathId || a.peer.id - b.peer.id;
}

/** The decision process, in order. */
export const DECISION_PROCESS: readonly Comparator[] = [
  { reason: BestPathReason.LOCAL_PREF, transitive: true, compare: compareLocalPref },
  { reason: BestPathReason.AS_PATH_LENGTH, transitive: true, compare: compareAsPathLength },
  { reason: BestPathReason.ORIGIN, transitive: true, compare: compareOrigin },
  { reason: BestPathReason.MED, transitive: false, compare: compareMed },
  { reason: BestPathReason.EBGP_OVER_IBGP, transitive: true, compare: compareEbgpOverIbgp },
  { reason: BestPathReason.LOCAL_ORIGIN, transitive: true, compare: compareLocalOrigin },
  {
    reason: BestPathReason.CLUSTER_LIST_LENGTH,
    transitive: true,
    compare: compareClusterListLength,
  },
  { reason: BestPathReason.ROUTER_ID, transitive: true, compare: compareRouterId },
  { reason: BestPathReason.PEER_ADDRESS, transitive: true, compare: comparePeerAddress },
  { reason: BestPathReason.PATH_ID, transitive: true, compare: comparePathId },
];

/** Outcome of comparing two candidates: -1 `a` preferred, 1 `b`, 0 identical; and the step. */
export interface Comparison {
  readonly order: -1 | 0 | 1;
  readonly reason: BestPathReasonCode;
}

/** Runs the chain on two candidates; the first step that is not a tie decides. */
export function compareCandidates(
  a: Candidate,
  b: Candidate,
  opts: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
): Comparison {
  for (const step of DECISION_PROCESS) {
    const c = step.compare(a, b, opts);
    if (c !== 0) return { order: c < 0 ? -1 : 1, reason: step.reason };
  }
  return { order: 0, reason: BestPathReason.NONE };
}

/** Signed reason: > 0 `a` preferred at that step, < 0 `b`, 0 tie. Allocation-free. */
export function compareSigned(a: Candidate, b: Candidate, opts: BestPathOptions): number {
  for (let i = 0; i < DECISION_PROCESS.length; i++) {
    const step = DECISION_PROCESS[i]!;
    const c = step.compare(a, b, opts);
    if (c !== 0) return c < 0 ? step.reason : -step.reason;
  }
  return 0;
}

/** Index of the best candidate and the step that left it alone. */
export interface Selection {
  readonly index: number;
  readonly reason: BestPathReasonCode;
}

const scratchLive: boolean[] = [];

/**
 * Selects the best of `cands[0..count)` by elimination (order-independent). Returns index -1 and
 * NONE for no candidates.
 */
export function selectBest(
  cands: readonly Candidate[],
  opts: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
  count = cands.length,
): Selection {
  if (count === 0) return { index: -1, reason: BestPathReason.NONE };
  if (count === 1) return { index: 0, reason: BestPathReason.ONLY_PATH };
  if (count === 2) {
    const s = compareSigned(cands[0]!, cands[1]!, opts);
    if (s === 0) return { index: 0, reason: BestPathReason.PATH_ID };
    return { index: s > 0 ? 0 : 1, reason: Math.abs(s) as BestPathReasonCode };
  }
  const live = scratchLive;
  for (let i = 0; i < count; i++) live[i] = true;
  let alive = count;
  for (const step of DECISION_PROCESS) {
    if (step.transitive) {
      // One pass finds a best value, a second drops everything worse than it.
      let best = -1;
      for (let i = 0; i < count; i++) {
        if (!live[i]) continue;
        if (best < 0 || step.compare(cands[i]!, cands[best]!, opts) < 0) best = i;
      }
      for (let i = 0; i < count; i++) {
        if (live[i] && i !== best && step.compare(cands[i]!, cands[best]!, opts) > 0) {
          live[i] = false;
          alive--;
        }
      }
    } else {
      // RFC 4271 §9.1.2.2 c: drop a path when any live path is preferred to it.
      const drop: number[] = [];
      for (let i = 0; i < count; i++) {
        if (!live[i]) continue;
        for (let j = 0; j < count; j++) {
          if (j !== i && live[j] && step.compare(cands[j]!, cands[i]!, opts) < 0) {
            drop.push(i);
            break;
          }
        }
      }
      for (const i of drop) live[i] = false;
      alive -= drop.length;
    }
    if (alive === 1) {
      for (let i = 0; i < count; i++) if (live[i]) return { index: i, reason: step.reason };
    }
  }
  for (let i = 0; i < count; i++) if (live[i]) return { index: i, reason: BestPathReason.PATH_ID };
  return { index: 0, reason: BestPathReason.PATH_ID };
}

/**
 * The candidates equal to `best` up to and including the local-origin step (ECMP: the steps
 * after it only break ties), best first, at most `maxPaths`.
 */
export function multipathOf(
  cands: readonly Candidate[],
  best: number,
  maxPaths: number,
  opts: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS,
): number[] {
  const out = [best];
  const b = cands[best]!;
  for (let i = 0; i < cands.length && out.length < maxPaths; i++) {
    if (i === best) continue;
    const s = Math.abs(compareSigned(b, cands[i]!, opts));
    if (s === 0 || s >= BestPathReason.CLUSTER_LIST_LENGTH) out.push(i);
  }
  return out;
}
