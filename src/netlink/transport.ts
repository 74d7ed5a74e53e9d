/**
 * The seam between netlink logic and the kernel. `ffi/` implements it over libmnl; tests provide
 * an in-memory fake. Everything above this interface is pure TypeScript: it never sees pointers,
 * file descriptors or errno locations.
 */

/** How a channel is set up. */
export interface ChannelOptions {
  /** RTNLGRP_* multicast groups to join; none for a command socket. */
  readonly groups?: readonly number[];
  /** Kernel receive queue size (SO_RCVBUFFORCE, falling back to SO_RCVBUF). */
  readonly receiveBufferBytes?: number;
  /** Kernel send buffer size (SO_SNDBUFFORCE, falling back to SO_SNDBUF). */
  readonly sendBufferBytes?: number;
  /**
   * Command-socket options: NETLINK_EXT_ACK (error texts), NETLINK_CAP_ACK (errors do not echo
   * the request) and NETLINK_GET_STRICT_CHK (dump filters are honoured).
   */
  readonly command?: boolean;
  /**
   * Drop RTM_NEWROUTE/RTM_DELROUTE notifications caused by this port id (a socket filter), so a
   * listener is not woken by our own route writes.
   */
  readonly ignoreRouteEchoesOf?: number;
}

/** Outcome of a non-blocking receive. */
export type ReceiveResult =
  /** One datagram; the view is valid until the next receive on this channel. */
  | { readonly type: "data"; readonly bytes: Uint8Array }
  /** Nothing queued (EAGAIN). */
  | { readonly type: "empty" }
  /** The socket reported an error: ENOBUFS (queue overflowed, messages lost), ENOSPC (truncated). */
  | { readonly type: "error"; readonly errno: number };

export type WaitResult = "readable" | "timeout" | "closed";

/** One NETLINK_ROUTE socket. */
export interface NetlinkChannel {
  /** Our netlink port id (nlmsg_pid of replies and of notifications we cause). */
  readonly portId: number;
  /** Effective kernel receive queue size in bytes (for logs). */
  readonly receiveBufferBytes: number;
  /**
   * Sends one datagram (one or many messages) to the kernel without blocking the event loop. The
   * kernel processes the messages before this resolves, so their replies are already queued.
   * Rejects with a NetlinkError. The buffer must not be touched until the promise settles.
   */
  send(datagram: Uint8Array): Promise<void>;
  /** Non-blocking receive of one datagram. */
  receive(): ReceiveResult;
  /** Resolves when a datagram is queued, the timeout passes, or the channel is closed. */
  wait(timeoutMs: number): Promise<WaitResult>;
  /** Closes the socket after any pending wait or send has returned. Idempotent. */
  close(): Promise<void>;
}

/** Opens channels; implemented by ffi/ (real kernel) and tests (fake kernel). */
export interface Transport {
  /** Throws NetlinkUnavailableError when the library is missing, NetlinkError on socket errors. */
  open(options: ChannelOptions): NetlinkChannel;
  /** Resolves after one event-loop turn, so timers and socket reads run during long work. */
  yieldNow(): Promise<void>;
}

/**
 * Netlink cannot be used: the library is missing or the platform is unsupported. Only the
 * netlink feature is unavailable; the rest of the daemon keeps working.
 */
export class NetlinkUnavailableError extends Error {
  /** Every path that was tried, in order. */
  readonly searched: readonly string[];

  constructor(message: string, searched: readonly string[] = []) {
    super(message);
    this.name = "NetlinkUnavailableError";
    this.searched = searched;
  }
}
