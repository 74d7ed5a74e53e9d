/**
 * Per-connection output queue with a byte limit. Encoded messages wait here until the socket
 * takes them; small messages are coalesced into one write. A peer that stops reading makes the
 * queue grow, and past `limitBytes` the queue gives up (`onOverflow`) so the session can be reset:
 * one slow peer costs bounded memory and never stalls the others.
 */

/** What the queue writes to; Deno.Conn satisfies it. */
export interface ByteSink {
  write(p: Uint8Array): Promise<number>;
}

export interface OutputQueueOptions {
  /** Most bytes allowed to wait (not yet handed to the socket). */
  readonly limitBytes: number;
  /** Largest single write (coalescing bound). */
  readonly maxWriteBytes?: number;
  /** Called once when the limit is passed; the queue is closed by then. */
  readonly onOverflow?: (pendingBytes: number, limitBytes: number) => void;
  /** Called once when a write fails; the queue is closed by then. */
  readonly onError?: (error: unknown) => void;
}

export class OutputQueue {
  #sink: ByteSink;
  #limit: number;
  #maxWrite: number;
  #onOverflow: (pending: number, limit: number) => void;
  #onError: (error: unknown) => void;
  #urgent: Uint8Array[] = [];
  #normal: Uint8Array[] = [];
  #normalHead = 0;
  #pending = 0;
  #writing = false;
  #closed = false;
  #flushWaiters: (() => void)[] = [];
  #bytesWritten = 0;
  #peakPending = 0;

  constructor(sink: ByteSink, options: OutputQueueOptions) {
    this.#sink = sink;
    this.#limit = options.limitBytes;
    this.#maxWrite = options.maxWriteBytes ?? 65536;
    this.#onOverflow = options.onOverflow ?? (() => {});
    this.#onError = options.onError ?? (() => {});
  }

  /** Bytes queued and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.#pending;
  }

  /** Largest `pendingBytes` seen. */
  get peakPendingBytes(): number {
    return this.#peakPending;
  }

  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Queues one whole message. `urgent` messages (KEEPALIVE, NOTIFICATION) go ahead of queued
   * UPDATEs: they carry no routing state, and a KEEPALIVE stuck behind megabytes of UPDATEs
   * would let the peer's hold timer expire. Returns false if the queue is closed or overflowed.
   */
  enqueue(message: Uint8Array, urgent = false): boolean {
    if (this.#closed) return false;
    if (this.#pending + message.length > this.#limit) {
      const pending = this.#pending + message.length;
      this.close();
      this.#onOverflow(pending, this.#limit);
      return false;
    }
    (urgent ? this.#urgent : this.#normal).push(message);
    this.#pending += message.length;
    if (this.#pending > this.#peakPending) this.#peakPending = this.#pending;
    if (!this.#writing) void this.#drain();
    return true;
  }

  /** Resolves when everything queued so far has been written (or the queue closed). */
  flushed(): Promise<void> {
    if (this.#closed || (!this.#writing && this.#pending === 0)) return Promise.resolve();
    return new Promise((resolve) => this.#flushWaiters.push(resolve));
  }

  /** Drops whatever is queued; later enqueues return false. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#urgent = [];
    this.#normal = [];
    this.#normalHead = 0;
    this.#pending = 0;
    this.#wakeFlush();
  }

  #take(): Uint8Array {
    const parts: Uint8Array[] = [];
    let size = 0;
    while (this.#urgent.length > 0) {
      const m = this.#urgent.shift()!;
      parts.push(m);
      size += m.length;
    }
    while (this.#normalHead < this.#normal.length) {
      const m = this.#normal[this.#normalHead]!;
      if (size > 0 && size + m.length > this.#maxWrite) break;
      parts.push(m);
      size += m.length;
      this.#normal[this.#normalHead++] = EMPTY;
    }
    if (this.#normalHead === this.#normal.length) {
      this.#normal = [];
      this.#normalHead = 0;
    } else if (this.#normalHead > 4096) {
      this.#normal = this.#normal.slice(this.#normalHead);
      this.#normalHead = 0;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(size);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (!this.#closed && this.#pending > 0) {
        const chunk = this.#take();
        let off = 0;
        while (off < chunk.length) {
          const n = await this.#sink.write(off === 0 ? chunk : chunk.subarray(off));
          if (this.#closed) return;
          off += n;
          this.#bytesWritten += n;
        }
        this.#pending -= chunk.length;
      }
    } catch (e) {
      if (!this.#closed) {
        this.close();
        this.#onError(e);
      }
    } finally {
      this.#writing = false;
      this.#wakeFlush();
    }
  }

  #wakeFlush(): void {
    if (!this.#closed && (this.#writing || this.#pending > 0)) return;
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

const EMPTY = new Uint8Array(0);
