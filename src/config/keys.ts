/**
 * Setting keys: where a value lands in the model, independent of the syntax that wrote it.
 * Peers and BMP servers are keyed by address, sets and policies by name, so files merge by them.
 */
import type { BmpServerConfig, DefinedSets, PeerConfig } from "./model.ts";

/** Global settings (model field names; listen is split so a port alone can be set). */
export type GlobalKey =
  | "asn"
  | "routerId"
  | "listenAddress"
  | "listenPort"
  | "grpcListen"
  | "logLevel"
  | "holdTimeSecs"
  | "connectRetrySecs"
  | "acceptUnconfiguredPeers"
  | "ebgpRequiresPolicy"
  | "sysName"
  | "sysDescr"
  | "apply.importPolicy"
  | "apply.exportPolicy"
  | "apply.defaultImportAction"
  | "apply.defaultExportAction";

export type PeerField = Exclude<keyof PeerConfig, "address">;
export type BmpField = Exclude<keyof BmpServerConfig, "address">;
export type SetKind = keyof DefinedSets;
export type NetlinkKey = `import.${string}` | `export.${string}`;

export function peerKey(ip: string): string {
  return `peer ${ip}`;
}
export function peerFieldKey(ip: string, f: PeerField): string {
  return `peer ${ip} ${f}`;
}
export function bmpKey(ep: string): string {
  return `bmp ${ep}`;
}
export function bmpFieldKey(ep: string, f: BmpField): string {
  return `bmp ${ep} ${f}`;
}
export function setKey(kind: SetKind, name: string): string {
  return `set ${kind} ${name}`;
}
export function policyKey(name: string): string {
  return `policy ${name}`;
}
export function netlinkKey(k: NetlinkKey): string {
  return `netlink ${k}`;
}
/** A reference to a policy or set, checked once every file is merged. */
export function refKey(source: string, path: string): string {
  return `ref ${source} ${path}`;
}

/** What a `ref` setting points at. */
export type Reference =
  | { readonly type: "policy"; readonly name: string }
  | { readonly type: "set"; readonly kind: SetKind; readonly name: string };
