/**
 * What a reload changes: the pure difference between the running config and a newly loaded
 * one. The speaker applies it: add/remove peers, reset only the changed ones, soft-reset peers
 * whose policies changed, swap BMP collectors and netlink settings.
 */
import { formatEndpoint, formatIp } from "../common/ip.ts";
import { sameValue } from "./equal.ts";
import type { SetKind } from "./keys.ts";
import type { BmpServerConfig, Config, PeerConfig, PolicyDefinition } from "./model.ts";

export interface PeerChange {
  readonly old: PeerConfig;
  readonly new: PeerConfig;
  /** Changed PeerConfig field names, sorted. */
  readonly fields: readonly string[];
}

export interface ConfigDiff {
  /** Settings a running daemon cannot change (asn, routerId, listen, grpcListen): restart. */
  readonly restartRequired: readonly string[];
  /** Other changed global settings (logLevel, holdTimeSecs, sysName, ...), sorted. */
  readonly globalsChanged: readonly string[];
  readonly peersAdded: readonly PeerConfig[];
  readonly peersRemoved: readonly PeerConfig[];
  /** Only peers whose own settings differ; their sessions are reset. */
  readonly peersChanged: readonly PeerChange[];
  /** Policies added, removed or redefined, by name, sorted. */
  readonly policiesChanged: readonly string[];
  /** Defined sets added, removed or redefined, sorted by kind then name. */
  readonly definedSetsChanged: readonly { readonly kind: SetKind; readonly name: string }[];
  readonly globalApplyPolicyChanged: boolean;
  /**
   * Unchanged peers whose import or export chain uses a changed policy (directly, through the
   * global apply-policy, or through a changed set): soft reset (RFC 2918 ROUTE-REFRESH in, re-send
   * out). Addresses as text, in config order.
   */
  readonly peersToSoftReset: readonly string[];
  readonly bmpServersAdded: readonly BmpServerConfig[];
  /** Removed, or changed (a changed collector is removed and added again). */
  readonly bmpServersRemoved: readonly BmpServerConfig[];
  readonly netlinkImportChanged: boolean;
  readonly netlinkExportChanged: boolean;
  /** True when nothing differs. */
  readonly empty: boolean;
}

const RESTART_FIELDS = ["asn", "routerId", "listen", "grpcListen"] as const;
const GLOBAL_FIELDS = [
  "logLevel",
  "holdTimeSecs",
  "connectRetrySecs",
  "acceptUnconfiguredPeers",
  "ebgpRequiresPolicy",
  "sysName",
  "sysDescr",
] as const;

const SET_KINDS: readonly SetKind[] = [
  "prefixSets",
  "neighborSets",
  "asPathSets",
  "communitySets",
  "extCommunitySets",
  "largeCommunitySets",
];

export function diffConfig(before: Config, after: Config): ConfigDiff {
  const restartRequired = RESTART_FIELDS.filter((f) => !sameValue(before[f], after[f]));
  const globalsChanged = GLOBAL_FIELDS.filter((f) => !sameValue(before[f], after[f]));

  const oldPeers = new Map(before.peers.map((p) => [formatIp(p.address), p]));
  const newPeers = new Map(after.peers.map((p) => [formatIp(p.address), p]));
  const peersAdded = after.peers.filter((p) => !oldPeers.has(formatIp(p.address)));
  const peersRemoved = before.peers.filter((p) => !newPeers.has(formatIp(p.address)));
  const peersChanged: PeerChange[] = [];
  for (const p of after.peers) {
    const old = oldPeers.get(formatIp(p.address));
    if (!old) continue;
    const keys = new Set([...Object.keys(old), ...Object.keys(p)]) as Set<keyof PeerConfig>;
    const fields = [...keys].filter((k) => !sameValue(old[k], p[k])).sort();
    if (fields.length > 0) peersChanged.push({ old, new: p, fields });
  }

  const definedSetsChanged: { kind: SetKind; name: string }[] = [];
  for (const kind of SET_KINDS) {
    const a = before.definedSets[kind] as ReadonlyMap<string, unknown>;
    const b = after.definedSets[kind] as ReadonlyMap<string, unknown>;
    const names = [...new Set([...a.keys(), ...b.keys()])].sort();
    for (const name of names) {
      if (!sameValue(a.get(name), b.get(name))) definedSetsChanged.push({ kind, name });
    }
  }

  const oldPolicies = new Map(before.policies.map((p) => [p.name, p]));
  const newPolicies = new Map(after.policies.map((p) => [p.name, p]));
  const policiesChanged = [...new Set([...oldPolicies.keys(), ...newPolicies.keys()])].filter((n) =>
    !sameValue(oldPolicies.get(n), newPolicies.get(n))
  ).sort();
  const globalApplyPolicyChanged = !sameValue(before.globalApplyPolicy, after.globalApplyPolicy);

  // A policy is affected when it changed or one of the sets it names changed.
  const changedSets = new Set(definedSetsChanged.map((s) => `${s.kind} ${s.name}`));
  const affected = new Set(policiesChanged);
  for (const p of after.policies) if (usesChangedSet(p, changedSets)) affected.add(p.name);
  const chainAffected = (names: readonly string[]) => names.some((n) => affected.has(n));
  const globalAffected = globalApplyPolicyChanged ||
    chainAffected(after.globalApplyPolicy?.importPolicy ?? []) ||
    chainAffected(after.globalApplyPolicy?.exportPolicy ?? []);
  const changedOrNew = new Set([
    ...peersChanged.map((c) => formatIp(c.new.address)),
    ...peersAdded.map((p) => formatIp(p.address)),
  ]);
  const peersToSoftReset = after.peers.map((p) => formatIp(p.address)).filter((ip) => {
    if (changedOrNew.has(ip)) return false;
    const p = newPeers.get(ip)!;
    return globalAffected || chainAffected(p.importPolicy) || chainAffected(p.exportPolicy);
  });

  const bmpKey = (b: BmpServerConfig) => formatEndpoint(b.address);
  const oldBmp = new Map(before.bmpServers.map((b) => [bmpKey(b), b]));
  const newBmp = new Map(after.bmpServers.map((b) => [bmpKey(b), b]));
  const bmpServersAdded = after.bmpServers.filter((b) => !sameValue(oldBmp.get(bmpKey(b)), b));
  const bmpServersRemoved = before.bmpServers.filter((b) => !sameValue(newBmp.get(bmpKey(b)), b));

  const netlinkImportChanged = !sameValue(before.netlink.import, after.netlink.import);
  const netlinkExportChanged = !sameValue(before.netlink.export, after.netlink.export);

  const empty = restartRequired.length + globalsChanged.length + peersAdded.length +
          peersRemoved.length + peersChanged.length + policiesChanged.length +
          definedSetsChanged.length + bmpServersAdded.length + bmpServersRemoved.length === 0 &&
    !globalApplyPolicyChanged && !netlinkImportChanged && !netlinkExportChanged;
  return {
    restartRequired,
    globalsChanged,
    peersAdded,
    peersRemoved,
    peersChanged,
    policiesChanged,
    definedSetsChanged,
    globalApplyPolicyChanged,
    peersToSoftReset,
    bmpServersAdded,
    bmpServersRemoved,
    netlinkImportChanged,
    netlinkExportChanged,
    empty,
  };
}

function usesChangedSet(p: PolicyDefinition, changed: ReadonlySet<string>): boolean {
  return p.statements.some((s) => {
    const c = s.conditions;
    const refs: [SetKind, string | undefined][] = [
      ["prefixSets", c.prefixSet?.setName],
      ["neighborSets", c.neighborSet?.setName],
      ["asPathSets", c.asPathSet?.setName],
      ["communitySets", c.communitySet?.setName],
      ["extCommunitySets", c.extCommunitySet?.setName],
      ["largeCommunitySets", c.largeCommunitySet?.setName],
    ];
    return refs.some(([kind, name]) => name !== undefined && changed.has(`${kind} ${name}`));
  });
}
