/**
 * One BGP peer: its main FSM and, during a connection collision (RFC 4271 §6.8), a second one
 * for the other connection; administrative start/stop/reset; statistics; max-prefix; and the
 * hooks and events that tell the rest of the speaker what happened.
 */
import type { Clock } from "../common/clock.ts";
import { formatIp } from "../common/ip.ts";
import type { Logger } from "../common/log.ts";
import type { PeerConfig } from "../config/model.ts";
import {
  administrativeReset,
  administrativeShutdown,
  automaticStop,
  type DownReason as FsmDownReason,
  event,
  inheritHistory,
  manualStop,
  newSession,
  peerDeconfigured,
  resolveCollision,
  type SessionConfig,
  State,
  type StateName,
  updateMsgErr,
} from "../fsm/mod.ts";
import {
  encodeMessage,
  ErrorAction,
  familyKey,
  type MessageDecodeResult,
  MessageType,
  type MessageTypeCode,
  type NotificationMessage,
  notificationText,
  type OpenMessage,
  peerAsOf,
  type UpdateMessage,
} from "../wire/mod.ts";
import { Connection } from "./connection.ts";
import type { SpeakerEvents } from "./events.ts";
import type { DownReason, HookChain, PeerInfo, SessionInfo, UpdateWriter } from "./hooks.ts";
import { PrefixLimit, treatAsWithdraw } from "./max_prefix.ts";
import { bgpIdText, type LocalIdentity, sessionConfig } from "./session_config.ts";
import {
  type DriverHost,
  type HostAction,
  type OpenVerdict,
  SessionDriver,
} from "./session_driver.ts";
import { PeerStats, type PeerStatsSnapshot } from "./stats.ts";
import type { ConnEnds } from "./transport.ts";

/** What the speaker gives each peer. */
export interface PeerContext {
  readonly clock: Clock;
  readonly log: Logger;
  readonly hooks: HookChain;
  readonly events: SpeakerEvents;
  readonly local: LocalIdentity;
  readonly outputLimitBytes: number;
  readonly flushOnCloseMs: number;
  dial(peer: PeerConfig, signal: AbortSignal): Promise<{ conn: Deno.TcpConn; ends: ConnEnds }>;
  readGate(): Promise<void> | undefined;
  /** A dynamic peer's session is over: forget the peer. */
  release(peer: Peer): void;
}

/** bgpgg AdminState plus the max-prefix stop. */
export type AdminState = "up" | "down" | "prefix-limit-exceeded";

/** A peer as the API shows it. */
export interface PeerStatus {
  readonly address: string;
  readonly port: number;
  readonly dynamic: boolean;
  readonly description?: string;
  readonly state: StateName;
  readonly adminState: AdminState;
  /** Configured AS, or the AS learned from the OPEN. */
  readonly remoteAs?: number;
  readonly remoteId?: string;
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly remotePort?: number;
  /** Negotiated hold time (s) while Established. */
  readonly holdTime?: number;
  readonly families: readonly string[];
  readonly stats: PeerStatsSnapshot;
  /** When the automatic restart is due (clock ms), while waiting in Idle. */
  readonly idleHoldUntil?: number;
  /** Consecutive flaps counted by damping. */
  readonly dampedFlaps: number;
}

export class Peer {
  readonly address: string;
  readonly info: PeerInfo;
  readonly stats = new PeerStats();
  #ctx: PeerContext;
  #log: Logger;
  #config: PeerConfig;
  #sessionConfig: SessionConfig;
  #main: SessionDriver;
  #candidate: SessionDriver | undefined;
  #session: SessionInfo | undefined;
  #writer: SessionWriter | undefined;
  #admin: AdminState = "up";
  #limit: PrefixLimit | undefined;
  #warnedLocalAddress = false;
  #retired: SessionDriver[] = [];

  constructor(ctx: PeerContext, config: PeerConfig, dynamic: boolean) {
    this.#ctx = ctx;
    this.#config = config;
    this.address = formatIp(config.address);
    this.info = { address: this.address, config, dynamic };
    this.#log = ctx.log.child({ peer: this.address });
    this.#sessionConfig = sessionConfig(ctx.local, config);
    this.#main = this.#newDriver(newSession(this.#sessionConfig, ctx.clock.now()), "outgoing");
    if (config.maxPrefix) {
      this.#limit = new PrefixLimit(config.maxPrefix, config.allowAutomaticStop);
    }
  }

  get config(): PeerConfig {
    return this.#config;
  }

  get state(): StateName {
    return this.#main.state;
  }

  get adminState(): AdminState {
    return this.#admin;
  }

  /** The Established session, if any. */
  get session(): SessionInfo | undefined {
    return this.#session;
  }

  /** The FSM driving the peer (tests and the API read its timers). */
  get driver(): SessionDriver {
    return this.#main;
  }

  /** The second connection's FSM during a collision. */
  get collisionDriver(): SessionDriver | undefined {
    return this.#candidate;
  }

  // ------------------------------------------------------------------ administration

  /**
   * bgpgg §4.2: configured peers start automatically only when idle_hold_time_secs is set
   * (AllowAutomaticStart); passive peers only listen (RFC 4271 Event 5 instead of 3).
   */
  start(): void {
    if (this.#sessionConfig.idleHoldTimeSecs === undefined && !this.info.dynamic) {
      this.#log.info("peer not started: idle_hold_time_secs is null (no automatic start)");
      return;
    }
    this.#main.feed(
      event(
        this.#config.passiveMode ? "AutomaticStart_with_PassiveTcpEstablishment" : "AutomaticStart",
      ),
    );
  }

  /** RFC 4271 Event 1/4 (bgpgg EnablePeer): admin up and start now. */
  enable(): void {
    this.#admin = "up";
    this.#main.feed(
      event(this.#config.passiveMode ? "ManualStart_with_PassiveTcpEstablishment" : "ManualStart"),
    );
  }

  /** RFC 4271 Event 2 with Cease / Administrative Shutdown and an RFC 8203 message. */
  disable(message?: string): void {
    this.#admin = "down";
    const n = administrativeShutdown(message);
    this.#candidate?.feed(manualStop(n));
    this.#main.feed(manualStop(n));
  }

  /**
   * Hard reset (bgpgg ResetPeer HARD): Cease / Administrative Reset, then an automatic restart
   * after the (damped) idle hold time.
   */
  reset(message?: string): void {
    const n = administrativeReset(message);
    this.#candidate?.feed(manualStop(n));
    this.#main.feed(manualStop(n));
    this.#admin = "up";
    this.#main.feed(
      event(
        this.#config.passiveMode
          ? "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment"
          : "AutomaticStart_with_DampPeerOscillations",
      ),
    );
  }

  /** Cease / Peer De-configured (RFC 4486), then everything is released. */
  async deconfigure(notification: NotificationMessage = peerDeconfigured()): Promise<void> {
    this.#admin = "down";
    this.#candidate?.feed(manualStop(notification));
    this.#main.feed(manualStop(notification));
    await this.close();
  }

  /** Disposes every FSM, waiting (bounded by flushOnCloseMs) for closing sockets. */
  async close(): Promise<void> {
    const drivers = [this.#main, ...(this.#candidate ? [this.#candidate] : []), ...this.#retired];
    for (const d of drivers) d.dispose(this.#ctx.flushOnCloseMs);
    await Promise.all(drivers.map((d) => d.settled()));
  }

  /** An accepted TCP connection from this peer's address (RFC 4271 Event 17). */
  acceptIncoming(conn: Connection): void {
    if (this.#candidate) {
      // Two connections already; a third cannot take part in §6.8 resolution.
      this.#log.info("third connection refused while a collision is being resolved");
      void conn.close();
      return;
    }
    const main = this.#main;
    if (!main.connection && (main.state === State.Connect || main.state === State.Active)) {
      main.attach(conn);
      main.feed(event("TcpConnectionConfirmed"));
    } else {
      main.feed(event("TcpConnectionConfirmed"), conn);
    }
  }

  status(): PeerStatus {
    const now = this.#ctx.clock.now();
    const s = this.#session;
    const fsm = this.#main.session;
    const remoteAs = s?.remoteAs ?? this.#config.asn;
    const idleHoldUntil = fsm.timers.idleHold;
    return {
      address: this.address,
      port: this.#config.port,
      dynamic: this.info.dynamic,
      ...(this.#config.description !== undefined ? { description: this.#config.description } : {}),
      state: this.#main.state,
      adminState: this.#admin,
      ...(remoteAs !== undefined ? { remoteAs } : {}),
      ...(s
        ? {
          remoteId: s.remoteId,
          localAddress: s.localAddress,
          localPort: s.localPort,
          remotePort: s.remotePort,
          holdTime: s.holdTime,
        }
        : {}),
      families: s?.families ?? this.#config.families,
      stats: this.stats.snapshot(now),
      ...(idleHoldUntil !== undefined ? { idleHoldUntil } : {}),
      dampedFlaps: fsm.history.flaps,
    };
  }

  // ------------------------------------------------------------------ drivers

  #newDriver(session: ReturnType<typeof newSession>, direction: "outgoing" | "incoming") {
    const log = this.#log;
    const host: DriverHost = {
      log,
      clock: this.#ctx.clock,
      flushOnCloseMs: this.#ctx.flushOnCloseMs,
      dial: (signal) => this.#dial(signal),
      extraCapabilities: () => this.#ctx.hooks.capabilities(this.info),
      beforeOpen: (d, open) => this.#beforeOpen(d, open),
      onPayload: (d, result, bytes) => this.#onPayload(d, result, bytes),
      onAction: (d, a) => this.#onAction(d, a),
      onOverflow: (d, pending, limit) => this.#onOverflow(d, pending, limit),
      countSent: (type) => this.stats.countSent(type as MessageTypeCode),
      countReceived: (type) => this.stats.countReceived(type as MessageTypeCode),
      noteNotification: (d, direction, n) => this.#noteNotification(d, direction, n),
      readGate: () => this.#ctx.readGate(),
    };
    return new SessionDriver(host, session, direction);
  }

  async #dial(signal: AbortSignal): Promise<Connection> {
    const { conn, ends } = await this.#ctx.dial(this.#config, signal);
    const want = this.#config.localAddress;
    if (want && formatIp(want) !== ends.localAddress && !this.#warnedLocalAddress) {
      // transport.ts: Deno.connect cannot bind a source address.
      this.#warnedLocalAddress = true;
      this.#log.warn("configured local address not used: the kernel chose the source", {
        configured: formatIp(want),
        actual: ends.localAddress,
      });
    }
    return new Connection(conn, ends, "outgoing", {
      outputLimitBytes: this.#ctx.outputLimitBytes,
      log: this.#log,
    });
  }

  /** A second connection (RFC 4271 §6.8): its own FSM, passive, answering on that socket. */
  #track(conn: Connection): void {
    if (this.#candidate) {
      void conn.close();
      return;
    }
    this.#log.info("second connection: tracking it for collision resolution", {
      remote_port: conn.ends.remotePort,
      existing_state: this.#main.state,
    });
    const d = this.#newDriver(
      newSession(this.#sessionConfig, this.#ctx.clock.now()),
      conn.direction,
    );
    this.#candidate = d;
    d.feed(event("ManualStart_with_PassiveTcpEstablishment"));
    d.attach(conn);
    d.feed(event("TcpConnectionConfirmed"));
  }

  #beforeOpen(driver: SessionDriver, open: OpenMessage): OpenVerdict {
    const other = driver === this.#main ? this.#candidate : this.#main;
    if (other && other.connection && !other.disposed) {
      const d = resolveCollision({
        existing: { state: other.state, direction: other.connection.direction },
        received: { state: driver.state, direction: driver.connection?.direction ?? "incoming" },
        localBgpId: this.#sessionConfig.bgpId,
        remoteBgpId: open.bgpId,
        localAs: this.#sessionConfig.asn,
        remoteAs: peerAsOf(open),
        collisionDetectEstablishedState: this.#sessionConfig.collisionDetectEstablishedState,
        remoteBgpIdKnown: true,
      });
      if (d.type === "close") {
        const loser = d.close === "received" ? driver : other;
        this.#log.info("connection collision resolved", {
          reason: d.reason,
          closing: loser.connection?.direction,
        });
        if (loser === driver) return { type: "dump", notification: d.notification };
        loser.dump(d.notification);
      }
    }
    const refusal = this.#ctx.hooks.openReceived(this.info, open);
    if (refusal) {
      this.#log.info("OPEN refused by a hook", { notification: notificationText(refusal) });
      return { type: "refuse", notification: refusal };
    }
    return { type: "accept" };
  }

  /** Makes `d` (the collision winner) the peer's main FSM, keeping the peer's history. */
  #promote(d: SessionDriver): void {
    if (d === this.#main) return;
    const old = this.#main;
    d.replaceSession(inheritHistory(d.session, old.session));
    this.#main = d;
    this.#candidate = undefined;
    old.dispose(this.#ctx.flushOnCloseMs);
    this.#retire(old);
    if (old.state !== d.state) {
      this.#ctx.events.emit({
        type: "peer-state",
        peer: this.info,
        from: old.state,
        to: d.state,
        at: this.#ctx.clock.now(),
      });
    }
  }

  /** Keeps a disposed driver until its socket is closed (so close() can wait for it). */
  #retire(d: SessionDriver): void {
    this.#retired.push(d);
    void d.settled().then(() => (this.#retired = this.#retired.filter((x) => x !== d)));
  }

  #onAction(d: SessionDriver, a: HostAction): void {
    switch (a.type) {
      case "track-connection":
        return this.#track(a.connection);
      case "state-change":
        return this.#onStateChange(d, a.from, a.to, a.event);
      case "established":
        return this.#onEstablished(d, a);
      case "session-down":
        return this.#onSessionDown(d, a.reason);
    }
  }

  #onStateChange(d: SessionDriver, from: StateName, to: StateName, eventNumber: number): void {
    const now = this.#ctx.clock.now();
    if (d !== this.#main) {
      this.#log.debug("collision connection state", { from, to, event: eventNumber });
      if (to === State.Idle) {
        this.#candidate = undefined;
        d.dispose(this.#ctx.flushOnCloseMs);
        this.#retire(d);
      }
      return;
    }
    this.#log.info("peer state changed", { from, to, event: eventNumber });
    this.#ctx.events.emit({ type: "peer-state", peer: this.info, from, to, at: now });
    if (to !== State.Idle) return;
    const err = d.session.lastError;
    if (err && err.at === now) {
      const n = err.notification;
      this.stats.error({
        direction: n ? n.direction : "local",
        code: n?.message.code ?? 0,
        subcode: n?.message.subcode ?? 0,
        text: err.text,
        at: err.at,
      });
    }
    const c = this.#candidate;
    if (c && c.connection) {
      // The main connection is gone but the other one is alive: it carries on for the peer.
      this.#promote(c);
      return;
    }
    if (this.info.dynamic) queueMicrotask(() => this.#ctx.release(this));
  }

  #onEstablished(d: SessionDriver, a: Extract<HostAction, { type: "established" }>): void {
    if (d !== this.#main) {
      // RFC 4271 §6.8: only one connection may be Established.
      if (this.#main.connection) this.#main.dump(collisionCease());
      this.#promote(d);
    }
    const conn = d.connection;
    if (!conn) return;
    const n = a.negotiated;
    const now = this.#ctx.clock.now();
    const sentOpen = d.sentOpen?.message ?? a.localOpen;
    const info: SessionInfo = {
      peer: this.info,
      localAddress: conn.ends.localAddress,
      localPort: conn.ends.localPort,
      remoteAddress: conn.ends.remoteAddress,
      remotePort: conn.ends.remotePort,
      localAs: this.#sessionConfig.asn,
      remoteAs: n.peerAs,
      remoteId: bgpIdText(n.peerBgpId),
      holdTime: n.holdTimeSecs,
      sentOpen,
      receivedOpen: a.peerOpen,
      sentOpenBytes: d.sentOpen?.bytes ?? encodeMessage(sentOpen, n.codec),
      receivedOpenBytes: d.receivedOpenBytes ?? encodeMessage(a.peerOpen, n.codec),
      codec: n.codec,
      families: n.families.map(familyKey),
      external: !n.ibgp,
      negotiated: n,
    };
    this.#session = info;
    this.#writer = new SessionWriter(d, conn, this.stats);
    this.#limit?.clear();
    this.stats.established(now);
    this.#log.info("session established", {
      remote_as: info.remoteAs,
      remote_id: info.remoteId,
      hold_time: info.holdTime,
      families: info.families.join(","),
      local: `${info.localAddress}:${info.localPort}`,
      remote: `${info.remoteAddress}:${info.remotePort}`,
    });
    this.#ctx.events.emit({ type: "peer-up", session: info, at: now });
    this.#ctx.hooks.established(info, this.#writer);
  }

  #onSessionDown(_d: SessionDriver, reason: FsmDownReason): void {
    const info = this.#session;
    if (!info) return;
    this.#session = undefined;
    this.#writer?.invalidate();
    this.#writer = undefined;
    this.#limit?.clear();
    this.stats.down();
    const r = downReason(reason);
    const now = this.#ctx.clock.now();
    this.#log.info("session down", {
      event: `${reason.eventName} (${reason.event})`,
      ...(reason.notification
        ? {
          notification: `${reason.notification.direction} ${
            notificationText(reason.notification.message)
          }`,
        }
        : {}),
    });
    this.#ctx.hooks.closed(info, r);
    this.#ctx.events.emit({
      type: "peer-down",
      session: info,
      reason: r,
      stats: this.stats.snapshot(now),
      at: now,
    });
  }

  #noteNotification(
    _d: SessionDriver,
    direction: "sent" | "received",
    n: NotificationMessage,
  ): void {
    // NOTIFICATIONs always reach the log (info at least): they explain every reset.
    this.#log[n.code === 6 ? "info" : "warn"](`NOTIFICATION ${direction}`, {
      code: n.code,
      subcode: n.subcode,
      text: notificationText(n),
    });
    this.stats.error({
      direction,
      code: n.code,
      subcode: n.subcode,
      text: notificationText(n),
      at: this.#ctx.clock.now(),
    });
  }

  #onOverflow(d: SessionDriver, pending: number, limit: number): void {
    const text = `output queue over its limit (${pending} > ${limit} bytes): peer is not ` +
      `reading; resetting the session`;
    this.#log.error(text, { pending_bytes: pending, limit_bytes: limit });
    // The peer does not read, so a NOTIFICATION could not reach it: drop the connection and
    // let the FSM treat it as lost (Event 18: idle hold, damped automatic restart).
    d.dropConnection();
    d.feed(event("TcpConnectionFails"));
    // RFC 4486 subcode 8, Out of Resources, describes it best even though it was not sent.
    this.stats.error({ direction: "local", code: 6, subcode: 8, text, at: this.#ctx.clock.now() });
  }

  #onPayload(d: SessionDriver, result: MessageDecodeResult, bytes: Uint8Array): void {
    const info = this.#session;
    if (d !== this.#main || !info) return;
    if (result.type === "route-refresh") {
      this.#log.debug("ROUTE-REFRESH received", {
        family: `${result.message.afi}/${result.message.safi}`,
        subtype: result.message.subtype,
      });
      this.#ctx.hooks.routeRefreshReceived(info, result.message);
      return;
    }
    if (result.type !== "update") return;
    const at = this.#ctx.clock.now();
    // Pre-policy, as received (BMP Route Monitoring, RFC 7854 §4.6).
    this.#ctx.events.emit({
      type: "update-received",
      session: info,
      update: result.message,
      bytes,
      at,
    });
    let update: UpdateMessage = result.message;
    if (result.action >= ErrorAction.TREAT_AS_WITHDRAW) {
      // RFC 7606 §2: the announced prefixes are withdrawn instead.
      this.#log.warn("UPDATE treated as withdraw (RFC 7606)", {
        issues: result.issues.map((i) => i.reason).join("; "),
      });
      update = treatAsWithdraw(update);
    } else if (result.issues.length > 0) {
      this.#log.info("UPDATE attribute(s) discarded (RFC 7606)", {
        issues: result.issues.map((i) => i.reason).join("; "),
      });
    }
    if (this.#limit) {
      const o = this.#limit.apply(update);
      if (o.type === "terminate") {
        this.#log.warn("maximum prefixes reached: stopping the session", {
          reason: o.decision.reason,
        });
        this.#admin = "prefix-limit-exceeded";
        d.feed(automaticStop(o.decision.notification));
        return;
      }
      if (o.type === "drop-update") {
        this.#log.warn("maximum prefixes reached: UPDATE announcements dropped", {
          reason: o.reason,
        });
      } else if (o.discarded > 0) {
        this.#log.warn("maximum prefixes reached: announcements discarded", {
          discarded: o.discarded,
        });
      }
      update = o.update;
    }
    const reset = this.#ctx.hooks.updateReceived(info, update);
    if (reset) {
      this.#log.warn("UPDATE refused by a hook: resetting", {
        notification: notificationText(reset),
      });
      d.feed(updateMsgErr(reset));
    }
  }
}

function collisionCease(): NotificationMessage {
  // RFC 4486 subcode 7.
  return { type: "notification", code: 6, subcode: 7, data: new Uint8Array(0) };
}

/** FSM reason -> RFC 7854 §4.9 terms. */
function downReason(r: FsmDownReason): DownReason {
  const n = r.notification;
  if (n?.direction === "sent") {
    if (n.message.code === 6 && n.message.subcode === 3) {
      return { type: "deconfigured", notification: n.message };
    }
    return { type: "local-notification", notification: n.message };
  }
  if (n?.direction === "received") return { type: "remote-notification", notification: n.message };
  if (r.eventName === "TcpConnectionFails") {
    return { type: "remote-no-notification", text: "connection closed" };
  }
  return { type: "local-no-notification", fsmEvent: r.event, text: r.eventName };
}

/** Sends UPDATEs on one Established session (hooks.ts UpdateWriter). */
class SessionWriter implements UpdateWriter {
  #driver: SessionDriver;
  #conn: Connection;
  #stats: PeerStats;
  #valid = true;

  constructor(driver: SessionDriver, conn: Connection, stats: PeerStats) {
    this.#driver = driver;
    this.#conn = conn;
    this.#stats = stats;
  }

  invalidate(): void {
    this.#valid = false;
  }

  #usable(): boolean {
    return this.#valid && this.#driver.connection === this.#conn && !this.#conn.closed;
  }

  write(update: UpdateMessage): boolean {
    if (!this.#usable()) return false;
    const ok = this.#conn.send(encodeMessage(update, this.#driver.codec()));
    if (ok) this.#stats.countSent(MessageType.UPDATE);
    return ok;
  }

  writeEncoded(message: Uint8Array): boolean {
    if (!this.#usable()) return false;
    const ok = this.#conn.send(message);
    if (ok) this.#stats.countSent(MessageType.UPDATE, countMessages(message));
    return ok;
  }

  get pendingBytes(): number {
    return this.#conn.output.pendingBytes;
  }

  flushed(): Promise<void> {
    return this.#conn.output.flushed();
  }
}

/** Messages in a buffer of back-to-back BGP messages (walks the length fields). */
function countMessages(bytes: Uint8Array): number {
  let n = 0;
  for (let off = 0; off + 19 <= bytes.length; n++) {
    const len = (bytes[off + 16]! << 8) | bytes[off + 17]!;
    if (len < 19) break;
    off += len;
  }
  return n;
}
