/**
 * A NETLINK_ROUTE socket over libmnl implementing the netlink Transport's channel: a
 * non-blocking socket (SOCK_NONBLOCK) read synchronously until EAGAIN, sends and waits moved
 * off the event loop with FFI `nonblocking` calls, and an eventfd that wakes a parked poll on
 * close (a parked call cannot be cancelled, and mnl_socket_close frees memory it still uses).
 */
import {
  ERRNO_CODE,
  NETLINK_OPT,
  NETLINK_ROUTE,
  type NetlinkChannel,
  NetlinkError,
  type ReceiveResult,
  routeEchoFilter,
  type WaitResult,
} from "../src/netlink/mod.ts";
import {
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  type Libc,
  type Libmnl,
  POLLIN,
  SO_ATTACH_FILTER,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOL_SOCKET,
} from "./symbols.ts";

/** 64 KiB: dump chunks are ~32 KiB; one RTM_NEWLINK can pass 4 KiB (research/netlink.md §1.5). */
const RECEIVE_BUFFER = 65536;

export interface MnlChannelOptions {
  readonly groups: readonly number[];
  readonly receiveBufferBytes?: number;
  readonly sendBufferBytes?: number;
  readonly command: boolean;
  readonly ignoreRouteEchoesOf?: number;
}

function errno(libc: Libc): number {
  const p = libc.__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32(0);
}

export class MnlChannel implements NetlinkChannel {
  readonly portId: number;
  readonly receiveBufferBytes: number;
  #mnl: Libmnl;
  #libc: Libc;
  #sock: Deno.PointerObject | null;
  #fd: number;
  #efd: number;
  #rx = new Uint8Array(RECEIVE_BUFFER);
  #pollfds = new Uint8Array(16);
  #pending: Promise<unknown>[] = [];
  #poll: Promise<WaitResult> | undefined;
  #closing = false;
  #closed: Promise<void> | undefined;
  // Kept alive for as long as the kernel may read the socket filter.
  #filter: Uint8Array | undefined;
  #fprog: Uint8Array | undefined;

  constructor(mnl: Libmnl, libc: Libc, options: MnlChannelOptions) {
    this.#mnl = mnl;
    this.#libc = libc;
    const sock = mnl.mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (sock === null) throw new NetlinkError(errno(libc), "mnl_socket_open2(NETLINK_ROUTE)");
    this.#sock = sock;
    this.#fd = mnl.mnl_socket_get_fd(sock);
    this.#efd = -1;
    try {
      // Groups above 32 need NETLINK_ADD_MEMBERSHIP; the bind mask covers groups 1..32.
      let mask = 0;
      for (const g of options.groups) if (g <= 32) mask |= 1 << (g - 1);
      if (mnl.mnl_socket_bind(sock, mask >>> 0, 0) < 0) {
        throw new NetlinkError(errno(libc), "mnl_socket_bind");
      }
      for (const g of options.groups) {
        if (g > 32) this.#netlinkOpt(NETLINK_OPT.ADD_MEMBERSHIP, g, "NETLINK_ADD_MEMBERSHIP");
      }
      this.portId = mnl.mnl_socket_get_portid(sock);
      if (options.command) {
        this.#netlinkOpt(NETLINK_OPT.EXT_ACK, 1, "NETLINK_EXT_ACK");
        this.#netlinkOpt(NETLINK_OPT.CAP_ACK, 1, "NETLINK_CAP_ACK");
        this.#netlinkOpt(NETLINK_OPT.GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
      }
      if (options.sendBufferBytes) {
        this.#bufferSize(SO_SNDBUFFORCE, SO_SNDBUF, options.sendBufferBytes);
      }
      if (options.receiveBufferBytes) {
        this.#bufferSize(SO_RCVBUFFORCE, SO_RCVBUF, options.receiveBufferBytes);
      }
      this.receiveBufferBytes = this.#getInt(SO_RCVBUF);
      if (options.ignoreRouteEchoesOf !== undefined) {
        this.#attachFilter(routeEchoFilter(options.ignoreRouteEchoesOf));
      }
      this.#efd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (this.#efd < 0) throw new NetlinkError(errno(libc), "eventfd");
    } catch (e) {
      mnl.mnl_socket_close(sock);
      this.#sock = null;
      throw e;
    }
    const v = new DataView(this.#pollfds.buffer);
    v.setInt32(0, this.#fd, true);
    v.setInt16(4, POLLIN, true);
    v.setInt32(8, this.#efd, true);
    v.setInt16(12, POLLIN, true);
  }

  #netlinkOpt(opt: number, value: number, what: string): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, value, true);
    if (this.#mnl.mnl_socket_setsockopt(this.#sock, opt, b, 4) < 0) {
      throw new NetlinkError(errno(this.#libc), `setsockopt(SOL_NETLINK, ${what})`);
    }
  }

  /** FORCE needs CAP_NET_ADMIN; without it fall back to the rmem_max/wmem_max-capped option. */
  #bufferSize(force: number, plain: number, bytes: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, bytes, true);
    if (this.#libc.setsockopt(this.#fd, SOL_SOCKET, force, b, 4) === 0) return;
    if (this.#libc.setsockopt(this.#fd, SOL_SOCKET, plain, b, 4) !== 0) {
      throw new NetlinkError(errno(this.#libc), `setsockopt(SOL_SOCKET, ${plain})`);
    }
  }

  #getInt(opt: number): number {
    const b = new Uint8Array(4);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, 4, true);
    if (this.#libc.getsockopt(this.#fd, SOL_SOCKET, opt, b, len) !== 0) return 0;
    return new DataView(b.buffer).getInt32(0, true);
  }

  #attachFilter(program: Uint8Array): void {
    // struct sock_fprog { u16 len; (pad); struct sock_filter *filter; } = 16 bytes on 64-bit.
    const fprog = new Uint8Array(16);
    const v = new DataView(fprog.buffer);
    v.setUint16(0, program.length / 8, true);
    v.setBigUint64(8, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(program))), true);
    this.#filter = program;
    this.#fprog = fprog;
    if (this.#libc.setsockopt(this.#fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16) !== 0) {
      throw new NetlinkError(errno(this.#libc), "setsockopt(SO_ATTACH_FILTER)");
    }
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.push(p);
    const drop = () => {
      const i = this.#pending.indexOf(p);
      if (i >= 0) this.#pending.splice(i, 1);
    };
    p.then(drop, drop);
    return p;
  }

  async send(datagram: Uint8Array): Promise<void> {
    if (this.#sock === null || this.#closing) throw new NetlinkError(9, "sendto (socket closed)");
    const sock = this.#sock;
    const n = Number(
      await this.#track(this.#mnl.mnl_socket_sendto_async(sock, datagram, BigInt(datagram.length))),
    );
    if (n >= 0) return;
    // errno of an off-thread call is lost; a failed netlink send processed nothing, so retry
    // on this thread to learn why (EMSGSIZE, ENOBUFS, ...).
    if (this.#sock === null) throw new NetlinkError(9, "sendto (socket closed)");
    const again = Number(this.#mnl.mnl_socket_sendto(sock, datagram, BigInt(datagram.length)));
    if (again >= 0) return;
    throw new NetlinkError(errno(this.#libc), `sendto (${datagram.length} bytes)`);
  }

  receive(): ReceiveResult {
    if (this.#sock === null) return { type: "error", errno: 9 };
    const n = Number(this.#mnl.mnl_socket_recvfrom(this.#sock, this.#rx, BigInt(this.#rx.length)));
    if (n >= 0) return { type: "data", bytes: this.#rx.subarray(0, n) };
    const e = errno(this.#libc);
    if (e === ERRNO_CODE.EAGAIN || e === ERRNO_CODE.EINTR) return { type: "empty" };
    return { type: "error", errno: e };
  }

  wait(timeoutMs: number): Promise<WaitResult> {
    if (this.#sock === null || this.#closing) return Promise.resolve("closed");
    if (this.#poll) return this.#poll;
    const t = Math.max(-1, Math.min(Math.floor(timeoutMs), 0x7fffffff));
    const p = this.#track(this.#libc.poll(this.#pollfds, 2n, Number.isFinite(timeoutMs) ? t : -1))
      .then((n): WaitResult => {
        this.#poll = undefined;
        const v = new DataView(this.#pollfds.buffer);
        if (this.#closing || v.getInt16(14, true) !== 0) return "closed";
        if (n > 0 && v.getInt16(6, true) !== 0) return "readable";
        return "timeout";
      });
    this.#poll = p;
    return p;
  }

  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#closing = true;
    this.#closed = (async () => {
      if (this.#efd >= 0) {
        const one = new Uint8Array(8);
        one[0] = 1;
        this.#libc.write(this.#efd, one, 8n);
      }
      // Only after every parked call has returned may the socket struct be freed.
      while (this.#pending.length > 0) await Promise.allSettled([...this.#pending]);
      if (this.#sock !== null) this.#mnl.mnl_socket_close(this.#sock);
      this.#sock = null;
      if (this.#efd >= 0) this.#libc.close(this.#efd);
      this.#efd = -1;
      this.#filter = undefined;
      this.#fprog = undefined;
    })();
    return this.#closed;
  }
}
