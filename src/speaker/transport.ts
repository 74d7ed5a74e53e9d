/**
 * TCP for BGP (RFC 4271 §8: port 179 by default): the listener and the dialer over Deno's
 * socket API, with addresses normalised to the form peers are keyed by.
 *
 * Limitation (Deno 2.9.6): `Deno.connect` has no option to bind a local address before
 * connecting, so a configured `local_address` cannot pick the source address; the kernel
 * chooses it from the route to the peer. `dial` reports the address actually used so the
 * caller can warn when it differs from the configured one.
 */
import { formatIp, type IpAddress, parseIp } from "../common/ip.ts";

/** The two ends of an accepted or dialled connection, normalised. */
export interface ConnEnds {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * Canonical text of an address: IPv4-mapped IPv6 (::ffff:a.b.c.d, as a dual-stack listener
 * reports IPv4 peers) becomes plain IPv4, IPv6 follows RFC 5952.
 */
export function canonicalAddress(text: string): string {
  return formatIp(unmapIpv4(parseIp(text)));
}

function unmapIpv4(a: IpAddress): IpAddress {
  if (a.family !== 6) return a;
  const b = a.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return a;
  if (b[10] !== 0xff || b[11] !== 0xff) return a;
  return { family: 4, bytes: b.slice(12) };
}

/** The normalised ends of `conn`. */
export function connEnds(conn: Deno.TcpConn): ConnEnds {
  const local = conn.localAddr;
  const remote = conn.remoteAddr;
  return {
    localAddress: canonicalAddress(local.hostname),
    localPort: local.port,
    remoteAddress: canonicalAddress(remote.hostname),
    remotePort: remote.port,
  };
}

function isUnspecified(a: IpAddress): boolean {
  return a.bytes.every((x) => x === 0);
}

export interface BgpListener {
  /** The addresses actually bound ("IP:PORT" text). */
  readonly addresses: readonly string[];
  /** Stops accepting; connections already accepted stay open. */
  close(): void;
  /** Resolves when every accept loop has ended. */
  readonly done: Promise<void>;
}

/**
 * Listens on `address:port` and hands each accepted connection to `onConnection`.
 * An unspecified address (0.0.0.0 or ::) listens dual-stack on :: so IPv4 and IPv6 peers are
 * both accepted; if IPv6 is unavailable it falls back to 0.0.0.0. A specific address is bound
 * exactly.
 */
export function listenBgp(
  address: IpAddress,
  port: number,
  onConnection: (conn: Deno.TcpConn, ends: ConnEnds) => void,
): BgpListener {
  const listeners: Deno.TcpListener[] = [];
  if (isUnspecified(address)) {
    try {
      listeners.push(Deno.listen({ hostname: "::", port }));
    } catch (e) {
      // Something else owns the port: binding 0.0.0.0 would fail the same way.
      if (e instanceof Deno.errors.AddrInUse) throw e;
      listeners.push(Deno.listen({ hostname: "0.0.0.0", port }));
    }
  } else {
    listeners.push(Deno.listen({ hostname: formatIp(address), port }));
  }
  const loops = listeners.map(async (l) => {
    try {
      for await (const conn of l) {
        let ends: ConnEnds;
        try {
          ends = connEnds(conn);
        } catch {
          conn.close();
          continue;
        }
        onConnection(conn, ends);
      }
    } catch (e) {
      // Closing the listener ends the loop with BadResource / Interrupted; anything else too.
      if (!(e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted)) {
        throw e;
      }
    }
  });
  let closed = false;
  return {
    addresses: listeners.map((l) => {
      const a = l.addr;
      return a.hostname.includes(":") ? `[${a.hostname}]:${a.port}` : `${a.hostname}:${a.port}`;
    }),
    close() {
      if (closed) return;
      closed = true;
      for (const l of listeners) {
        try {
          l.close();
        } catch { /* already closed */ }
      }
    },
    done: Promise.allSettled(loops).then(() => {}),
  };
}

/**
 * Opens a TCP connection to `address:port`. `signal` aborts a pending connect (the FSM left
 * Connect). Resolves to the connection and its normalised ends.
 */
export async function dialBgp(
  address: IpAddress,
  port: number,
  signal?: AbortSignal,
): Promise<{ conn: Deno.TcpConn; ends: ConnEnds }> {
  const conn = await Deno.connect({
    hostname: formatIp(address),
    port,
    autoSelectFamily: false,
    ...(signal ? { signal } : {}),
  });
  try {
    return { conn, ends: connEnds(conn) };
  } catch (e) {
    conn.close();
    throw e;
  }
}
