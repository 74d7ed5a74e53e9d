/**
 * Two FSMs joined by an in-memory "TCP link" on a FakeClock: a minimal driver that carries
 * out step()'s actions the way a session driver should (send, connect, close, timers). Used
 * by scenario tests; it doubles as a worked example of driving the sans-IO FSM.
 */
import { FakeClock } from "../../src/common/clock.ts";
import {
  type Action,
  event,
  eventForMessage,
  type FsmEvent,
  newSession,
  type Session,
  type SessionConfig,
  step,
  timerEvent,
  type TimerName,
} from "../../src/fsm/mod.ts";
import { TimerSet } from "../../src/speaker/timers.ts";
import type { BgpMessage } from "../../src/wire/types.ts";
import { T0 } from "./_fixtures.ts";

export class Node {
  readonly name: string;
  session: Session;
  readonly link: Link;
  readonly timers: TimerSet<TimerName>;
  /** Every action, with the time it was emitted. */
  readonly log: { at: number; action: Action }[] = [];
  /** Messages this node wrote (delivered or not). */
  readonly sent: BgpMessage[] = [];

  constructor(name: string, config: SessionConfig, link: Link) {
    this.name = name;
    this.link = link;
    this.session = newSession(config, link.clock.now());
    this.timers = new TimerSet(link.clock, (timer) => {
      this.feed(timerEvent(timer));
      link.run();
    });
  }

  get other(): Node {
    return this.link.a === this ? this.link.b : this.link.a;
  }

  feed(e: FsmEvent): void {
    const now = this.link.clock.now();
    const { session, actions } = step(this.session, e, now);
    this.session = session;
    for (const action of actions) {
      this.log.push({ at: now, action });
      this.apply(action);
    }
  }

  deliver(message: BgpMessage): void {
    const e = eventForMessage(this.session, message);
    if (e) this.feed(e);
  }

  apply(a: Action): void {
    const link = this.link;
    switch (a.type) {
      case "send":
        this.sent.push(a.message);
        if (link.up && !link.silent.has(this)) {
          const to = this.other;
          link.queue.push(() => to.deliver(a.message));
        }
        return;
      case "connect":
        link.queue.push(() => link.dial(this));
        return;
      case "close-connection":
        if (link.up) {
          link.up = false;
          const to = this.other;
          link.queue.push(() => {
            if (to.session.connected) to.feed(event("TcpConnectionFails"));
          });
        }
        return;
      case "arm-timer":
        this.timers.arm(a.timer, a.at);
        return;
      case "cancel-timer":
        this.timers.cancel(a.timer);
        return;
      default:
        return; // resources, notes, state changes, established/session-down: logged only
    }
  }

  /** Idle-hold waits (seconds) this node scheduled, in order. */
  idleHolds(): number[] {
    return this.log
      .filter((l) => l.action.type === "arm-timer" && l.action.timer === "idleHold")
      .map((l) => ((l.action as { at: number }).at - l.at) / 1000);
  }

  count(type: BgpMessage["type"]): number {
    return this.sent.filter((m) => m.type === type).length;
  }
}

export class Link {
  readonly clock = new FakeClock(T0);
  readonly queue: (() => void)[] = [];
  readonly a: Node;
  readonly b: Node;
  /** A TCP connection exists between a and b. */
  up = false;
  /** Nodes whose writes are lost (to starve the other side's hold timer). */
  readonly silent = new Set<Node>();

  constructor(a: SessionConfig, b: SessionConfig) {
    this.a = new Node("a", a, this);
    this.b = new Node("b", b, this);
  }

  run(): void {
    while (this.queue.length > 0) this.queue.shift()!();
  }

  /** `from` dials: the other side accepts only in Connect or Active (RFC 4271 §8.2.2 Idle). */
  dial(from: Node): void {
    const to = from.other;
    if (from.session.state !== "Connect") return; // the attempt was abandoned
    if (!this.up && (to.session.state === "Active" || to.session.state === "Connect")) {
      this.up = true;
      from.feed(event("Tcp_CR_Acked"));
      to.feed(event("TcpConnectionConfirmed"));
    } else {
      from.feed(event("TcpConnectionFails"));
    }
  }

  /** The network drops the connection under both sides. */
  cut(): void {
    if (!this.up) return;
    this.up = false;
    for (const n of [this.a, this.b]) {
      if (n.session.connected) n.feed(event("TcpConnectionFails"));
    }
    this.run();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.run();
  }

  close(): void {
    this.a.timers.cancelAll();
    this.b.timers.cancelAll();
  }
}
