/**
 * The speaker: the single owner of peers and RIBs. It drives sessions over `Deno.Conn`
 * (RFC 4271 §8 FSM from fsm/, codec from wire/), listens with `Deno.listen`, turns FSM deadlines
 * into timers, and tells BMP, netlink and the API what happened through hooks and events.
 * Long work runs in bounded slices so KEEPALIVEs stay on time (RFC 4271 §4.4).
 * Not here: the codec, the FSM rules, best path and policy (pure folders below this one).
 */
export { Speaker, type SpeakerOptions } from "./speaker.ts";
export { type AdminState, Peer, type PeerStatus } from "./peer.ts";
export {
  bgpIdNumber,
  bgpIdText,
  dynamicPeerConfig,
  type LocalIdentity,
  localIdentity,
  sessionConfig,
} from "./session_config.ts";
export { SystemClock, systemClock } from "./system_clock.ts";
export { TimerSet } from "./timers.ts";
export { loggingHooks } from "./log_hooks.ts";
export {
  type BgpListener,
  canonicalAddress,
  type ConnEnds,
  connEnds,
  dialBgp,
  listenBgp,
} from "./transport.ts";
export { Slicer, type SlicerOptions, yieldToEventLoop } from "./slicer.ts";
export { type Job, WorkQueue } from "./work_queue.ts";
export { type ByteSink, OutputQueue, type OutputQueueOptions } from "./output_queue.ts";
export { type LastError, type MessageCounts, PeerStats, type PeerStatsSnapshot } from "./stats.ts";
export {
  type DownReason,
  HookChain,
  type PeerInfo,
  type SessionHooks,
  type SessionInfo,
  type UpdateWriter,
} from "./hooks.ts";
export {
  type PeerStateName,
  type SpeakerEvent,
  type SpeakerEventOf,
  SpeakerEvents,
  type SpeakerEventType,
  type SpeakerListener,
} from "./events.ts";
