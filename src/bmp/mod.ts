/**
 * BMP (BGP Monitoring Protocol) client side: RFC 7854, RFC 8671 (Adj-RIB-Out), RFC 9069 (Loc-RIB).
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
