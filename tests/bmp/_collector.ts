/** A BMP collector for tests: listens on 127.0.0.1, decodes every session's stream. */
import { type BmpMessage, BmpStreamDecoder } from "../../src/bmp/mod.ts";

export class CollectorSession {
  readonly conn: Deno.TcpConn;
  readonly messages: BmpMessage[] = [];
  bytes = 0;
  /** The client closed its side (EOF). */
  eof = false;
  error: unknown;
  #decoder = new BmpStreamDecoder();
  #paused: boolean;
  #resume: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(conn: Deno.TcpConn, paused: boolean) {
    this.conn = conn;
    this.#paused = paused;
    this.done = this.#read();
  }

  /** Stops reading, so the client's writes back up (a slow collector). */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#resume?.();
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        while (this.#paused) await new Promise<void>((r) => (this.#resume = r));
        const n = await this.conn.read(buf);
        if (n === null) {
          this.eof = true;
          return;
        }
        this.bytes += n;
        this.messages.push(...this.#decoder.push(buf.subarray(0, n)));
      }
    } catch (e) {
      this.error = e;
    }
  }

  close(): void {
    try {
      this.conn.close();
    } catch {
      // already closed
    }
    this.resume();
  }
}

export class TestCollector {
  readonly port: number;
  readonly sessions: CollectorSession[] = [];
  /** New sessions start paused (not reading) while this is true. */
  pauseNewSessions = false;
  #listener: Deno.TcpListener;
  #accepting: Promise<void>;

  constructor(port: number) {
    this.port = port;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port });
    this.#accepting = this.#accept();
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        this.sessions.push(new CollectorSession(conn, this.pauseNewSessions));
      }
    } catch {
      // listener closed
    }
  }

  /** Every message of every session, in session order. */
  all(): BmpMessage[] {
    return this.sessions.flatMap((s) => s.messages);
  }

  async close(): Promise<void> {
    try {
      this.#listener.close();
    } catch {
      // already closed
    }
    await this.#accepting;
    for (const s of this.sessions) s.close();
    await Promise.all(this.sessions.map((s) => s.done));
  }
}

/** Polls `fn` until it returns something other than undefined/false, or fails after timeoutMs. */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Short labels for order assertions. */
export function kinds(ms: readonly BmpMessage[]): string[] {
  return ms.map((m) => {
    switch (m.type) {
      case "route-monitoring": {
        const eor = m.update.length === 23 ||
          (m.update.length === 29 && m.update[23] === 0x80 && m.update[24] === 15);
        return `${eor ? "eor" : "rm"}:${m.peer.peerType === 3 ? "loc" : m.peer.asn}`;
      }
      case "peer-up":
      case "peer-down":
      case "statistics-report":
        return `${m.type}:${m.peer.peerType === 3 ? "loc" : m.peer.asn}`;
      default:
        return m.type;
    }
  });
}
