/**
 * One step in progress: a mutable draft of the session plus the actions emitted so far, with
 * the building blocks RFC 4271 §8.2.2 repeats in many rows ("sets the ConnectRetryTimer to
 * zero", "releases all BGP resources", "drops the TCP connection", …). Only fsm.ts and the
 * state_*.ts files use it; callers see `step()`.
 */
import type { KeepaliveMessage, NotificationMessage, OpenMessage } from "../wire/types.ts";
import type { Action } from "./action.ts";
import { DEFAULT_LARGE_HOLD_TIME_SECS } from "./config.ts";
import { idleHoldTimeMs, recordFlap } from "./damping.ts";
import type { FsmEvent } from "./event.ts";
import { buildOpen, checkOpen, type Negotiated } from "./negotiate.ts";
import { describeNotification, fsmError, FsmErrorSubcode } from "./notification.ts";
import { carriesShutdownCommunication, decodeShutdownCommunication } from "./shutdown.ts";
import {
  type LastError,
  type Session,
  State,
  type StateName,
  TIMER_NAMES,
  type TimerName,
} from "./state.ts";

type Draft = { -readonly [K in keyof Session]: Session[K] } & {
  timers: { [K in TimerName]?: number };
};

const KEEPALIVE: KeepaliveMessage = { type: "keepalive" };

/** How a row that ends in Idle behaves (RFC 4271 §8.2.2). */
export interface DropOptions {
  /** NOTIFICATION to send before closing. */
  readonly notification?: NotificationMessage;
  /** NOTIFICATION received that caused this (Events 24, 25), for the last error. */
  readonly received?: NotificationMessage;
  /** ConnectRetryCounter: "increments … by 1", "sets … to zero", or unchanged. */
  readonly counter: "increment" | "zero" | "keep";
  /** "drops the TCP connection" (default true). */
  readonly close?: boolean;
  /** Lost a collision (§6.8): no flap is counted and no automatic restart happens. */
  readonly collision?: boolean;
  /** Why, for the last error; defaults to the event and NOTIFICATION. */
  readonly text?: string;
}

/** Events after which the peer stays Idle until told otherwise (no IdleHoldTimer). */
const NO_RESTART = new Set<FsmEvent["type"]>(["ManualStop", "AutomaticStop", "OpenCollisionDump"]);

export class Transition {
  readonly event: FsmEvent;
  readonly now: number;
  readonly actions: Action[] = [];
  #draft: Draft;

  constructor(session: Session, event: FsmEvent, now: number) {
    this.event = event;
    this.now = now;
    this.#draft = { ...session, timers: { ...session.timers } };
  }

  get session(): Session {
    return this.#draft;
  }

  /** The finished session value. */
  result(): { session: Session; actions: Action[] } {
    return {
      session: { ...this.#draft, timers: { ...this.#draft.timers } },
      actions: this.actions,
    };
  }

  // ------------------------------------------------------------------ primitives

  note(level: "debug" | "info" | "warn", text: string): void {
    this.actions.push({ type: "note", level, text });
  }

  send(message: OpenMessage | NotificationMessage | KeepaliveMessage): void {
    this.actions.push({ type: "send", message });
  }

  /** RFC 4271 §4.2: our OPEN, built from the configuration. */
  sendOpen(): void {
    const open = buildOpen(this.#draft.config);
    this.#draft.localOpen = open;
    this.send(open);
  }

  sendKeepalive(): void {
    this.send(KEEPALIVE);
  }

  /** Starts (or restarts) `timer` to expire `ms` from now. */
  arm(timer: TimerName, ms: number): void {
    const at = this.now + ms;
    this.#draft.timers[timer] = at;
    this.actions.push({ type: "arm-timer", timer, at });
  }

  /** Stops `timer` if it runs (RFC: "stops … and sets … to zero"). */
  cancel(timer: TimerName): void {
    if (this.#draft.timers[timer] === undefined) return;
    delete this.#draft.timers[timer];
    this.actions.push({ type: "cancel-timer", timer });
  }

  /** `timer` just expired: it no longer runs, and the driver has nothing to cancel. */
  expired(timer: TimerName): void {
    delete this.#draft.timers[timer];
  }

  running(timer: TimerName): boolean {
    return this.#draft.timers[timer] !== undefined;
  }

  connect(): void {
    this.actions.push({ type: "connect" });
  }

  closeConnection(): void {
    this.actions.push({ type: "close-connection" });
    this.#draft.connected = false;
  }

  rejectConnection(): void {
    this.actions.push({ type: "reject-connection" });
  }

  trackConnection(): void {
    this.actions.push({ type: "track-connection" });
  }

  initializeResources(): void {
    this.actions.push({ type: "initialize-resources" });
  }

  releaseResources(): void {
    this.actions.push({ type: "release-resources" });
  }

  setCounter(mode: DropOptions["counter"]): void {
    if (mode === "zero") this.#draft.connectRetryCounter = 0;
    else if (mode === "increment") this.#draft.connectRetryCounter++;
  }

  setConnected(connected: boolean): void {
    this.#draft.connected = connected;
  }

  setPassive(passive: boolean): void {
    this.#draft.passive = passive;
  }

  update(patch: Partial<Pick<Draft, "history">>): void {
    Object.assign(this.#draft, patch);
  }

  goto(state: StateName): void {
    const from = this.#draft.state;
    if (from === state) return;
    this.#draft.state = state;
    this.#draft.stateSince = this.now;
    this.actions.push({ type: "state-change", from, to: state, event: this.event.number });
  }

  // ------------------------------------------------------------------ RFC 4271 building blocks

  /** RFC 4271 §8.2.2: "starts the ConnectRetryTimer with the initial value". */
  startConnectRetryTimer(): void {
    this.arm("connectRetry", this.#draft.config.connectRetryTimeSecs * 1000);
  }

  /** RFC 4271 §8.2.2: "sets the HoldTimer to a large value" (4 minutes suggested). */
  armLargeHoldTimer(): void {
    const secs = this.#draft.config.largeHoldTimeSecs ?? DEFAULT_LARGE_HOLD_TIME_SECS;
    this.arm("hold", secs * 1000);
  }

  /** Negotiated hold time in ms (0 when none was negotiated yet or it is zero). */
  holdTimeMs(): number {
    return (this.#draft.negotiated?.holdTimeSecs ?? 0) * 1000;
  }

  /**
   * RFC 4271 §8.2.2 OpenSent/Event 19: "sets a KeepaliveTimer … sets the HoldTimer according
   * to the negotiated value"; "If the negotiated hold time value is zero, then the HoldTimer
   * and KeepaliveTimer are not started."
   */
  armNegotiatedTimers(): void {
    const n = this.#draft.negotiated!;
    if (n.holdTimeSecs === 0) {
      this.cancel("hold");
      this.cancel("keepalive");
      return;
    }
    this.arm("keepalive", keepaliveMs(n));
    this.arm("hold", n.holdTimeSecs * 1000);
  }

  /** RFC 4271 §8.2.2 Established/Event 11: restart unless the negotiated HoldTime is zero. */
  restartKeepaliveTimer(): void {
    const n = this.#draft.negotiated;
    if (n && n.holdTimeSecs > 0) this.arm("keepalive", keepaliveMs(n));
  }

  /** RFC 4271 §8.2.2 Established/Events 26, 27: "restarts its HoldTimer, if … non-zero". */
  restartHoldTimer(): void {
    const ms = this.holdTimeMs();
    if (ms > 0) this.arm("hold", ms);
  }

  /**
   * Checks the peer's OPEN (RFC 4271 §6.2) and stores the result; returns the failure
   * NOTIFICATION and reason instead when the OPEN is not acceptable.
   */
  acceptOpen(
    open: OpenMessage,
  ): { notification: NotificationMessage; reason: string } | undefined {
    const check = checkOpen(this.#draft.config, open);
    if (!check.ok) {
      this.note("warn", `OPEN rejected: ${check.reason}`);
      return { notification: check.notification, reason: check.reason };
    }
    this.#draft.peerOpen = open;
    this.#draft.negotiated = check.negotiated;
    return undefined;
  }

  /** RFC 4271 §8.2.2 OpenConfirm/Event 26: enter Established and hand over the result. */
  establish(): void {
    const d = this.#draft;
    d.establishedAt = this.now;
    this.goto(State.Established);
    this.actions.push({
      type: "established",
      negotiated: d.negotiated as Negotiated,
      localOpen: d.localOpen ?? buildOpen(d.config),
      peerOpen: d.peerOpen as OpenMessage,
    });
  }

  /** Forgets everything tied to the connection that just went away. */
  forgetConnection(): void {
    const d = this.#draft;
    d.connected = false;
    delete d.localOpen;
    delete d.peerOpen;
    delete d.negotiated;
    delete d.establishedAt;
  }

  /** Records why the session (or connection) failed. */
  recordError(opts: Pick<DropOptions, "notification" | "received" | "text">): void {
    const e = this.event;
    const direction = opts.notification ? "sent" : opts.received ? "received" : undefined;
    const message = opts.notification ?? opts.received;
    let text = opts.text ?? `${e.type} (event ${e.number}) in ${this.#draft.state}`;
    if (message) {
      text += `; ${direction} ${describeNotification(message)}`;
      const comm = carriesShutdownCommunication(message)
        ? decodeShutdownCommunication(message.data)
        : undefined;
      if (comm !== undefined) text += `: ${JSON.stringify(comm)}`;
    }
    const err: LastError = {
      at: this.now,
      state: this.#draft.state,
      event: e.number,
      eventName: e.type,
      ...(message && direction ? { notification: { direction, message } } : {}),
      text,
    };
    this.#draft.lastError = err;
  }

  /**
   * The common tail of RFC 4271 §8.2.2 rows ending in Idle: (send NOTIFICATION,) stop the
   * timers, release resources, drop the connection, update ConnectRetryCounter, damp, Idle.
   * Then, when AllowAutomaticStart is set (idle hold configured) and the cause was not a
   * stop or a lost collision, schedule the automatic restart with the IdleHoldTimer.
   */
  dropToIdle(opts: DropOptions): void {
    const d = this.#draft;
    const wasEstablished = d.state === State.Established;
    const hadConnection = d.connected;
    if (opts.notification) this.send(opts.notification);
    for (const timer of TIMER_NAMES) this.cancel(timer);
    this.releaseResources();
    if (opts.close ?? true) this.closeConnection();
    this.setCounter(opts.counter);
    if (wasEstablished) {
      const message = opts.notification ?? opts.received;
      this.actions.push({
        type: "session-down",
        reason: {
          event: this.event.number,
          eventName: this.event.type,
          ...(message
            ? { notification: { direction: opts.notification ? "sent" : "received", message } }
            : {}),
        },
      });
    }
    // damping.ts: a flap is a live connection lost for any reason but a stop or a collision.
    if (hadConnection && this.event.type !== "ManualStop" && !opts.collision) {
      d.history = recordFlap(d.history, this.now);
    }
    this.recordError(opts);
    this.forgetConnection();
    this.goto(State.Idle);
    if (!opts.collision && !NO_RESTART.has(this.event.type)) this.scheduleAutomaticStart();
  }

  /**
   * RFC 4271 §8.1.1 Group 1 (AllowAutomaticStart, DampPeerOscillations, IdleHoldTimer): arm
   * the IdleHoldTimer so that Event 13 restarts the session after the damped idle hold time.
   */
  scheduleAutomaticStart(passive = this.#draft.config.passiveTcpEstablishment): boolean {
    const wait = idleHoldTimeMs(this.#draft.config, this.#draft.history);
    if (wait === undefined) return false;
    this.#draft.passive = passive;
    this.arm("idleHold", wait);
    this.note("info", `automatic restart in ${wait / 1000} s (flaps ${this.#draft.history.flaps})`);
    return true;
  }
}

function keepaliveMs(n: Negotiated): number {
  // RFC 4271 §10: KeepaliveTime is one third of HoldTime (negotiate.ts rounds it down).
  return n.keepaliveTimeSecs * 1000;
}

/**
 * RFC 6608 §4: an unexpected message gets the per-state subcode (1 OpenSent, 2 OpenConfirm,
 * 3 Established); an unexpected non-message event (a timer) gets 0, "Unspecified Error".
 */
export function fsmErrorFor(e: FsmEvent, subcodeForMessages: number): NotificationMessage {
  return fsmError(e.number >= 19 ? subcodeForMessages : FsmErrorSubcode.UNSPECIFIED);
}
