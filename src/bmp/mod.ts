/**
 * BMP, the BGP Monitoring Protocol, router side: RFC 7854, RFC 8671 (Adj-RIB-Out, O flag) and
 * RFC 9069 (Loc-RIB, peer type 3).
 *
 * - Codec (pure): encodeBmpMessage / decodeBmpMessage / BmpStreamDecoder for every message type
 *   (Initiation, Termination, Peer Up, Peer Down 1-6, Route Monitoring, Route Mirroring,
 *   Statistics Report with counter types 0-17). BGP PDUs inside are opaque bytes; the only ones
 *   built here are End-of-RIB markers and the fabricated Loc-RIB OPEN.
 * - CollectorFeed (pure): the order one collector session sees (Initiation, Peer Ups, dump,
 *   End-of-RIBs, live changes, Termination last).
 * - BmpClient (client.ts, the only file with I/O): dials collectors, bounded queue per
 *   collector, backoff, full resync on every session, Statistics Reports on a timer.
 * Not done: Route Mirroring is encoded and decoded but the client never sends it; BMP v4 drafts.
 *
 * Wiring it into the speaker (the speaker owns peers and RIBs; this folder never sees them):
 *
 *   const bmp = new BmpClient({ source, sysName, sysDescr, logger });   // one per process
 *   for (const s of config.bmpServers) bmp.addServer(s);   // BmpServerConfig fits BmpServer
 *   // gRPC AddBmpServer / RemoveBmpServer / ListBmpServers -> addServer / removeServer /
 *   // listServers; shutdown -> await bmp.close() (Termination reason 0, after the Peer Downs).
 *
 * Events, pushed synchronously as they happen (never awaited, never blocking):
 *   bmp.peerUp({ peer, localAddress, localPort, remotePort, sentOpen, receivedOpen, families })
 *     peer = { key: address text, address, asn: remote AS, bgpId: remote id as u32,
 *              fourOctetAs: session codec.fourOctetAs }; OPENs as the whole PDUs on the wire.
 *   bmp.peerDown(key, reason)   reason: local-notification / remote-notification (the
 *     NOTIFICATION PDU bytes), local-no-notification (RFC 4271 §8.1 event number),
 *     remote-no-notification, peer-deconfigured.
 *   bmp.routeMonitoring(view, key, updateBytes)   one whole UPDATE per call:
 *     "pre-policy": the UPDATE as received (the speaker's raw bytes);
 *     "post-policy": what import policy kept, encoded with the peer's session CodecContext;
 *     "adj-rib-out-pre" / "adj-rib-out-post": what export policy saw / what was sent;
 *     "loc-rib" (key undefined): best-path changes, 4-octet AS, no ADD-PATH.
 *   A withdraw goes to every view that announced the route (RFC 7854 §5). bmp.wants(view)
 *   tells whether any open session wants a view, so encoding can be skipped.
 *
 * The speaker implements BmpSource: snapshot(views) yields chunks of Peer Up and Route
 * Monitoring items for a new session (current state; stale items are fine, later events win),
 * statistics() returns BmpCounters per peer (RFC meanings: 11/12 are RFC 7606 treat-as-withdraw
 * counts, not withdraws) and localRib() returns { asn, bgpId, families } for the Loc-RIB Peer Up.
 */
export * from "./constants.ts";
export * from "./types.ts";
export * from "./errors.ts";
export {
  BmpStreamDecoder,
  decodeBmpMessage,
  decodeBmpStream,
  encodeBmpMessage,
} from "./message.ts";
export { endOfRibUpdate } from "./end_of_rib.ts";
export { locRibOpen } from "./loc_rib_open.ts";
export { initiationMessage } from "./initiation.ts";
export { terminationMessage } from "./termination.ts";
export { splitTimestamp } from "./per_peer_header.ts";
export * from "./source.ts";
export { CollectorFeed, type FeedCounts, type FeedPhase } from "./feed.ts";
export { statEntries } from "./statistics.ts";
export {
  BmpClient,
  type BmpClientOptions,
  type BmpCollectorState,
  type BmpServer,
  type BmpServerStatus,
} from "./client.ts";
