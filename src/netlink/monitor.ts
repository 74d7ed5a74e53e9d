/**
 * The listener: a separate socket joined to the link, IPv4/IPv6 address and route multicast
 * groups, read without blocking the event loop (wait off-thread, then drain non-blocking) and
 * delivered as typed events in batches. Events are hints; a dump is the truth: ENOBUFS (queue
 * overflowed, notifications lost) and ENOSPC (truncated datagram) come out as an "overrun" event
 * and the consumer resyncs by dumping.
 */
import { decodeAddress } from "./addr_msg.ts";
import type { Address } from "./addr_msg.ts";
import { RTM, RTNLGRP } from "./constants.ts";
import { decodeLink, type Link } from "./link_msg.ts";
import { parseMessages } from "./nlmsg.ts";
import { decodeRoute, type Route } from "./route_msg.ts";
import type { NetlinkChannel, Transport } from "./transport.ts";

export type MonitorEvent =
  | { readonly type: "link"; readonly op: "new" | "del"; readonly link: Link }
  | { readonly type: "address"; readonly op: "new" | "del"; readonly address: Address }
  | {
    readonly type: "route";
    readonly op: "new" | "del";
    readonly route: Route;
    /** Port id of the requester (0 when the kernel changed it on its own). */
    readonly pid: number;
  }
  /** Notifications were lost: resync by dump. */
  | { readonly type: "overrun"; readonly errno: number }
  /** A notification did not parse (kept as data, never thrown). */
  | { readonly type: "invalid"; readonly reason: string };

export interface MonitorOptions {
  /** Default: link, IPv4/IPv6 addresses, IPv4/IPv6 routes. */
  readonly groups?: readonly number[];
  /** Default 8 MiB: bursts of notifications must not overflow the queue. */
  readonly receiveBufferBytes?: number;
  /** Our command socket's port id: its route echoes are filtered in the kernel. */
  readonly ignoreRouteEchoesOf?: number;
  /** Datagrams per event batch before yielding to the event loop (default 256). */
  readonly batchDatagrams?: number;
}

export const DEFAULT_MONITOR_GROUPS: readonly number[] = [
  RTNLGRP.LINK,
  RTNLGRP.IPV4_IFADDR,
  RTNLGRP.IPV6_IFADDR,
  RTNLGRP.IPV4_ROUTE,
  RTNLGRP.IPV6_ROUTE,
];

/** Decodes one notification datagram into events (never throws). */
export function decodeNotifications(datagram: Uint8Array): MonitorEvent[] {
  const out: MonitorEvent[] = [];
  try {
    for (const m of parseMessages(datagram)) {
      try {
        switch (m.type) {
          case RTM.NEWLINK:
          case RTM.DELLINK:
            out.push({
              type: "link",
              op: m.type === RTM.NEWLINK ? "new" : "del",
              link: decodeLink(m.payload),
            });
            break;
          case RTM.NEWADDR:
          case RTM.DELADDR: {
            const address = decodeAddress(m.payload);
            if (address) {
              out.push({ type: "address", op: m.type === RTM.NEWADDR ? "new" : "del", address });
            }
            break;
          }
          case RTM.NEWROUTE:
          case RTM.DELROUTE: {
            const route = decodeRoute(m.payload);
            if (route) {
              out.push({
                type: "route",
                op: m.type === RTM.NEWROUTE ? "new" : "del",
                route,
                pid: m.pid,
              });
            }
            break;
          }
        }
      } catch (e) {
        out.push({ type: "invalid", reason: e instanceof Error ? e.message : String(e) });
      }
    }
  } catch (e) {
    out.push({ type: "invalid", reason: e instanceof Error ? e.message : String(e) });
  }
  return out;
}

export class Monitor {
  #transport: Transport;
  #options: MonitorOptions;
  #onEvents: (events: readonly MonitorEvent[]) => void;
  #channel: NetlinkChannel | undefined;
  #loop: Promise<void> | undefined;
  #stopping = false;

  constructor(
    transport: Transport,
    onEvents: (events: readonly MonitorEvent[]) => void,
    options: MonitorOptions = {},
  ) {
    this.#transport = transport;
    this.#onEvents = onEvents;
    this.#options = options;
  }

  get running(): boolean {
    return this.#loop !== undefined;
  }

  /** Effective kernel receive queue of the listener, once started. */
  get receiveBufferBytes(): number {
    return this.#channel?.receiveBufferBytes ?? 0;
  }

  /** Opens the listener (throws NetlinkUnavailableError/NetlinkError) and starts reading. */
  start(): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#channel = this.#transport.open({
      groups: this.#options.groups ?? DEFAULT_MONITOR_GROUPS,
      receiveBufferBytes: this.#options.receiveBufferBytes ?? 8 << 20,
      ...(this.#options.ignoreRouteEchoesOf !== undefined
        ? { ignoreRouteEchoesOf: this.#options.ignoreRouteEchoesOf }
        : {}),
    });
    this.#loop = this.#run(this.#channel);
  }

  async #run(ch: NetlinkChannel): Promise<void> {
    const perBatch = this.#options.batchDatagrams ?? 256;
    while (!this.#stopping) {
      const w = await ch.wait(Infinity);
      if (w === "closed" || this.#stopping) break;
      let events: MonitorEvent[] = [];
      for (let n = 0;; n++) {
        const r = ch.receive();
        if (r.type === "empty") break;
        if (r.type === "error") {
          events.push({ type: "overrun", errno: r.errno });
          continue;
        }
        for (const e of decodeNotifications(r.bytes)) events.push(e);
        if (n + 1 >= perBatch) {
          this.#deliver(events);
          events = [];
          n = -1;
          await this.#transport.yieldNow();
          if (this.#stopping) break;
        }
      }
      this.#deliver(events);
    }
  }

  #deliver(events: MonitorEvent[]): void {
    if (events.length === 0 || this.#stopping) return;
    try {
      this.#onEvents(events);
    } catch {
      // A consumer's bug must not kill the listener; consumers log their own errors.
    }
  }

  /** Stops reading and closes the socket; resolves once no call is pending. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const ch = this.#channel;
    this.#channel = undefined;
    if (ch) await ch.close();
    await this.#loop;
    this.#loop = undefined;
  }
}
