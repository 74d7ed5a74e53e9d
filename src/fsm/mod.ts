/**
 * The BGP session finite state machine, sans-IO (RFC 4271 §8).
 *
 * Implements: every row of RFC 4271 §8.2.2 for the six states, with the §8.1.1 optional
 * attributes DelayOpen, PassiveTcpEstablishment, SendNOTIFICATIONwithoutOPEN,
 * CollisionDetectEstablishedState, AllowAutomaticStart/Stop and DampPeerOscillations
 * (bgpgg's idle-hold formula, damping.ts); OPEN checks and capability negotiation
 * (RFC 4271 §6.2, RFC 5492, RFC 6793, RFC 6286, RFC 7607, RFC 4760, RFC 7911, RFC 2918,
 * RFC 7313, RFC 8654, RFC 4724, RFC 9494, RFC 9234); the §6.8 collision arbiter; RFC 6608
 * FSM error subcodes; max-prefix (RFC 4486); Cease with Shutdown Communication (RFC 9003).
 *
 * Does not: read clocks, arm real timers, touch sockets, encode bytes, or look at UPDATE
 * contents. TrackTcpState is treated as FALSE (Events 14/15 only get the RFC's minimal
 * handling). Deliberate deviations, each commented where it happens: no NOTIFICATION in reply
 * to a NOTIFICATION in OpenSent; a header error in Established is reported as Message Header
 * Error (§6.1) not FSM Error; Active/Event 18 does not leave a ConnectRetryTimer running in
 * Idle; a passive session never dials on ConnectRetryTimer expiry.
 *
 * Driving it (one FSM per connection, RFC 4271 §8.2.1.2):
 * 1. `let s = newSession(config, now)`; then `step(s, event("AutomaticStart"), now)` (or
 *    ManualStart, or the *_with_PassiveTcpEstablishment variants). Each `step` returns
 *    `{ session, actions }`: keep the session, carry out the actions in order.
 * 2. Actions: "send" → encode with the negotiated CodecContext (`session.negotiated?.codec`,
 *    else DEFAULT_CODEC_CONTEXT) and write; "connect" → dial the peer, then feed
 *    Tcp_CR_Acked (16) or TcpConnectionFails (18); "close-connection" → flush queued sends,
 *    close (or abandon the dial); "reject-connection" → close the connection that raised the
 *    event; "arm-timer"/"cancel-timer" → keep one timer per name at the absolute deadline
 *    (speaker/timers.ts TimerSet fits), and on expiry feed `timerEvent(name)`;
 *    "established"/"session-down" → RIB, BMP Peer Up/Down, hooks; "track-connection" →
 *    see collisions below; "state-change"/"note" → logs and statistics.
 *    Hold-timer restarts come with every KEEPALIVE/UPDATE; a driver may instead keep one
 *    clock timer at `nextDeadline(session)` and feed `dueTimers(session, now)` when it fires.
 * 3. Inbound bytes: decode, then `eventForMessage(session, msg)` (undefined for
 *    ROUTE-REFRESH, which the speaker handles in Established); decode failures go through
 *    `eventForDecodeError(notification)`. TCP accept on a peer in Connect/Active:
 *    TcpConnectionConfirmed (17). Peer lost: TcpConnectionFails (18).
 * 4. Stops: `manualStop(administrativeShutdown("text"))`, `manualStop(peerDeconfigured())`;
 *    a hard reset is `manualStop(administrativeReset())` then
 *    `event("AutomaticStart_with_DampPeerOscillations")` (restart after the idle hold).
 *    Max-prefix: `maxPrefixDecision(...)`; on "terminate" feed `automaticStop(notification)`.
 *    After any other failure the FSM arms the IdleHoldTimer itself when `idleHoldTimeSecs`
 *    is set (AllowAutomaticStart), and IdleHoldTimer_Expires (13) restarts it.
 * 5. Collisions (RFC 4271 §6.8): a "track-connection" action (or an incoming connection while
 *    the peer's FSM is in OpenSent/OpenConfirm/Established) means a second connection: give
 *    it its own FSM (`newSession`, ManualStart_with_PassiveTcpEstablishment, then 17 or 16).
 *    When either connection receives an OPEN, call `resolveCollision(...)`; feed
 *    `openCollisionDump()` to the loser's FSM and dispose of it after its actions; if the new
 *    connection wins, `inheritHistory(winner, loser)` keeps the peer's flap count.
 */
export type { Action, ActionType, DownReason } from "./action.ts";
export {
  type CollidingConnection,
  type CollisionDecision,
  type CollisionInput,
  type ConnectionDirection,
  resolveCollision,
} from "./collision.ts";
export {
  type AddPathConfig,
  BgpRole,
  DEFAULT_LARGE_HOLD_TIME_SECS,
  DEFAULT_SESSION_OPTIONS,
  type GracefulRestartConfig,
  type LlgrConfig,
  type LocalConfig,
  type RequiredCapability,
  type SessionConfig,
} from "./config.ts";
export {
  type DampingConfig,
  type FlapHistory,
  idleHoldDeadline,
  idleHoldTimeMs,
  MAX_DAMPED_IDLE_HOLD_TIME_MS,
  MAX_DAMPING_EXPONENT,
  NO_FLAPS,
  recordFlap,
  recordStable,
} from "./damping.ts";
export {
  automaticStop,
  bgpHeaderErr,
  bgpOpen,
  bgpOpenMsgErr,
  bgpOpenWithDelayOpenTimerRunning,
  event,
  eventForDecodeError,
  eventForMessage,
  type EventName,
  EventNumber,
  type EventOf,
  type FsmEvent,
  manualStop,
  notifMsg,
  openCollisionDump,
  timerEvent,
  updateMsg,
  updateMsgErr,
} from "./event.ts";
export { step, type StepResult } from "./fsm.ts";
export {
  maximumPrefixesReached,
  type MaxPrefixConfig,
  type MaxPrefixDecision,
  maxPrefixDecision,
  type MaxPrefixInput,
} from "./max_prefix.ts";
export {
  type AddPathDirection,
  AS_TRANS,
  BGP_VERSION,
  buildOpen,
  CapabilityCode,
  capabilityCode,
  checkOpen,
  type Negotiated,
  type OpenCheck,
  type PeerGracefulRestart,
  type PeerLlgr,
} from "./negotiate.ts";
export {
  CeaseSubcode,
  connectionCollisionResolution,
  connectionRejected,
  describeNotification,
  FsmErrorSubcode,
  notification,
  NotificationCode,
  OpenMessageErrorSubcode,
} from "./notification.ts";
export {
  administrativeReset,
  administrativeShutdown,
  encodeShutdownCommunication,
  MAX_SHUTDOWN_COMMUNICATION_BYTES,
  peerDeconfigured,
  truncateUtf8,
} from "./shutdown.ts";
export {
  dueTimers,
  inheritHistory,
  type LastError,
  newSession,
  nextDeadline,
  type Session,
  State,
  STATE_NUMBER,
  type StateName,
  TIMER_NAMES,
  type TimerName,
  type Timers,
} from "./state.ts";
