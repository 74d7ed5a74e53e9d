/**
 * One BGP TCP connection: reads with the wire Framer, decodes each message with the session's
 * current CodecContext and hands it to its owner synchronously and in order; writes through a
 * bounded OutputQueue. It knows nothing of FSM states: its owner (SessionDriver) decides.
 */
import type { Logger } from "../common/log.ts";
import {
  type CodecContext,
  decodeMessage,
  Framer,
  type MessageDecodeResult,
  type NotificationMessage,
} from "../wire/mod.ts";
import { OutputQueue } from "./output_queue.ts";
import { Slicer } from "./slicer.ts";
import type { ConnEnds } from "./transport.ts";

export type Direction = "outgoing" | "incoming";

/** What a connection reports to its owner. */
export interface ConnectionOwner {
  /** The context to decode the next message with (changes once OPENs are exchanged). */
  codec(): CodecContext;
  /** One message, or a decode failure with the NOTIFICATION to send. `bytes` is the whole PDU. */
  onMessage(result: MessageDecodeResult, bytes: Uint8Array): void;
  /** A header error: the stream cannot be resynchronised (RFC 4271 §6.1). */
  onFramingError(notification: NotificationMessage, reason: string): void;
  /** The peer closed, or the socket failed; not called after `close()`. */
  onLost(reason: string): void;
  /** The output queue passed its limit; the queue is closed already. */
  onOverflow(pendingBytes: number, limitBytes: number): void;
  /** Resolves when the owner accepts more input (back-pressure); undefined = go on. */
  readGate?(): Promise<void> | undefined;
}

export interface ConnectionOptions {
  readonly outputLimitBytes: number;
  readonly log: Logger;
  /** Longest synchronous run while decoding one burst of input (ms). */
  readonly sliceMs?: number;
}

const READ_BUFFER_BYTES = 65536;

export class Connection {
  readonly ends: ConnEnds;
  readonly direction: Direction;
  readonly output: OutputQueue;
  #conn: Deno.TcpConn;
  #owner: ConnectionOwner | undefined;
  #log: Logger;
  #slicer: Slicer;
  #closing = false;
  #reading: Promise<void> | undefined;
  #bytesRead = 0;

  constructor(
    conn: Deno.TcpConn,
    ends: ConnEnds,
    direction: Direction,
    options: ConnectionOptions,
  ) {
    this.#conn = conn;
    this.ends = ends;
    this.direction = direction;
    this.#log = options.log;
    this.#slicer = new Slicer({ budgetMs: options.sliceMs ?? 10 });
    this.output = new OutputQueue(conn, {
      limitBytes: options.outputLimitBytes,
      onOverflow: (pending, limit) => {
        if (!this.#closing) this.#owner?.onOverflow(pending, limit);
      },
      onError: (e) => this.#lost(`write failed: ${errorText(e)}`),
    });
    try {
      // BGP messages are small and latency matters (KEEPALIVEs): no Nagle delay.
      conn.setNoDelay(true);
    } catch { /* not fatal */ }
  }

  get closed(): boolean {
    return this.#closing;
  }

  get bytesRead(): number {
    return this.#bytesRead;
  }

  /** Starts reading; `owner` receives everything from now on. */
  start(owner: ConnectionOwner): void {
    this.#owner = owner;
    this.#reading ??= this.#readLoop();
  }

  /** Hands the connection to a new owner (a collision winner taking over). */
  setOwner(owner: ConnectionOwner): void {
    this.#owner = owner;
  }

  /** Queues one encoded message. False when closed or over the limit. */
  send(bytes: Uint8Array, urgent = false): boolean {
    if (this.#closing) return false;
    return this.output.enqueue(bytes, urgent);
  }

  /**
   * Stops reading and closes the socket; with `flushMs` > 0, first waits up to that long for
   * queued messages (a NOTIFICATION must go out before the close, RFC 4271 §8.2.2).
   */
  async close(flushMs = 0): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (flushMs > 0 && !this.output.closed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.output.flushed(),
        new Promise<void>((r) => (timer = setTimeout(r, flushMs))),
      ]);
      clearTimeout(timer);
    }
    this.output.close();
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    await this.#reading;
  }

  /** Resolves when the read loop has ended. */
  get done(): Promise<void> {
    return this.#reading ?? Promise.resolve();
  }

  #lost(reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.output.close();
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    this.#owner?.onLost(reason);
  }

  async #readLoop(): Promise<void> {
    const framer = new Framer();
    const buf = new Uint8Array(READ_BUFFER_BYTES);
    let why = "connection closed by peer";
    try {
      while (!this.#closing) {
        const gate = this.#owner?.readGate?.();
        if (gate) await gate;
        if (this.#closing) return;
        const n = await this.#conn.read(buf);
        if (n === null) break;
        this.#bytesRead += n;
        // The framer keeps views of what it is given, so it gets its own copy.
        framer.push(buf.slice(0, n));
        this.#slicer.restart();
        for (;;) {
          if (this.#closing) return;
          const frame = framer.next(this.#owner!.codec());
          if (frame === undefined) break;
          if (frame.type === "error") {
            this.#owner!.onFramingError(frame.notification, frame.reason);
            return;
          }
          this.#owner!.onMessage(decodeMessage(frame.bytes, this.#owner!.codec()), frame.bytes);
          if (this.#slicer.shouldYield()) await this.#slicer.yield();
        }
      }
    } catch (e) {
      if (this.#closing) return;
      why = `read failed: ${errorText(e)}`;
    }
    if (!this.#closing) {
      this.#log.debug("connection lost", { reason: why });
      this.#lost(why);
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
