/**
 * A scripted BGP peer over TCP (127.0.0.1 / ::1 or a test namespace): it sends exactly the bytes a
 * test gives it and records every message it receives with its arrival time. Reusable by any
 * suite that needs a remote end it fully controls (bad OPENs, silent peers, slow readers).
 */
import { MessageSplitter, MSG, type RawMessage } from "./bgp_bytes.ts";

export interface Received extends RawMessage {
  /** performance.now() at arrival. */
  readonly at: number;
}

export class ScriptedPeer {
  readonly conn: Deno.TcpConn;
  /** Every message received so far, in order. */
  readonly received: Received[] = [];
  #cursor = 0;
  #eof = false;
  #error: unknown;
  #wake: (() => void)[] = [];
  #reading: Promise<void>;
  #paused = false;
  #resume: (() => void) | undefined;

  constructor(conn: Deno.TcpConn) {
    this.conn = conn;
    this.#reading = this.#readLoop();
  }

  static async connect(port: number, hostname = "127.0.0.1"): Promise<ScriptedPeer> {
    return new ScriptedPeer(await Deno.connect({ hostname, port }));
  }

  /** Listens once on `hostname:port` and resolves with the first connection (within ms). */
  static async accept(port: number, hostname = "127.0.0.1", ms = 5000): Promise<ScriptedPeer> {
    const l = Deno.listen({ hostname, port });
    const timer = setTimeout(() => l.close(), ms);
    try {
      return new ScriptedPeer(await l.accept());
    } finally {
      clearTimeout(timer);
      try {
        l.close();
      } catch { /* closed by the timer */ }
    }
  }

  async #readLoop(): Promise<void> {
    const splitter = new MessageSplitter();
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        if (this.#paused) await new Promise<void>((r) => (this.#resume = r));
        const n = await this.conn.read(buf);
        if (n === null) break;
        const at = performance.now();
        for (const m of splitter.push(buf.subarray(0, n))) this.received.push({ ...m, at });
        this.#notify();
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted)) {
        this.#error = e;
      }
    }
    this.#eof = true;
    this.#notify();
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = [];
    for (const f of w) f();
  }

  /** Stops reading from the socket (the peer becomes a slow reader); `resumeReading` undoes it. */
  pauseReading(): void {
    this.#paused = true;
  }

  resumeReading(): void {
    this.#paused = false;
    this.#resume?.();
    this.#resume = undefined;
  }

  async send(bytes: Uint8Array): Promise<void> {
    let off = 0;
    while (off < bytes.length) off += await this.conn.write(bytes.subarray(off));
  }

  /** True once the other side closed the connection. */
  get eof(): boolean {
    return this.#eof;
  }

  /** The next unread message, or null when the connection closed first. Rejects after `ms`. */
  async next(ms = 5000): Promise<Received | null> {
    const deadline = performance.now() + ms;
    for (;;) {
      if (this.#cursor < this.received.length) return this.received[this.#cursor++]!;
      if (this.#eof) {
        if (this.#error) throw this.#error;
        return null;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`scripted peer: no message within ${ms} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#wake.push(resolve);
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }

  /** The next message of `type`, skipping KEEPALIVEs unless that is the type asked for. */
  async expect(type: number, ms = 5000): Promise<Received> {
    const deadline = performance.now() + ms;
    for (;;) {
      const m = await this.next(Math.max(1, deadline - performance.now()));
      if (m === null) {
        throw new Error(`scripted peer: closed while waiting for message type ${type}`);
      }
      if (m.type === type) return m;
      if (m.type === MSG.KEEPALIVE) continue;
      throw new Error(`scripted peer: expected message type ${type}, got ${m.type}`);
    }
  }

  /** Resolves once the other side has closed; rejects after `ms`. Unread messages stay readable. */
  async closedByRemote(ms = 5000): Promise<void> {
    const deadline = performance.now() + ms;
    while (!this.#eof) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`scripted peer: connection still open after ${ms} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.#wake.push(resolve);
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }

  /** Closes our end and waits for the read loop to finish. */
  async close(): Promise<void> {
    this.resumeReading();
    try {
      this.conn.close();
    } catch { /* already closed */ }
    await this.#reading;
  }
}
