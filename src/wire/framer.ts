/**
 * Splits a TCP byte stream into BGP messages. Pure: push() chunks, next() messages.
 * A message that lies inside one chunk is returned as a view of that chunk (no copy); only a
 * message that straddles chunks is assembled into a new buffer. The framer keeps references to
 * pushed chunks, so the caller must not overwrite a chunk until its messages are consumed.
 */
import { checkHeader, HEADER_LENGTH } from "./header.ts";
import type { CodecContext, NotificationMessage } from "./types.ts";

export type Frame =
  /** `bytes` is the whole message, header included. */
  | { readonly type: "message"; readonly messageType: number; readonly bytes: Uint8Array }
  /** RFC 4271 §6.1: the stream is unusable; send `notification` and close. */
  | { readonly type: "error"; readonly notification: NotificationMessage; readonly reason: string };

export class Framer {
  #chunks: Uint8Array[] = [];
  /** Read offset into #chunks[0]. */
  #offset = 0;
  #available = 0;
  #failed: Frame | undefined;
  #head = new Uint8Array(HEADER_LENGTH);

  /** Bytes buffered and not yet returned as messages. */
  get buffered(): number {
    return this.#available;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.#failed) return;
    this.#chunks.push(chunk);
    this.#available += chunk.length;
  }

  /**
   * The next complete message, undefined when more bytes are needed, or an error. After an
   * error the framer returns that same error forever: a BGP stream cannot resynchronize.
   */
  next(ctx: CodecContext): Frame | undefined {
    if (this.#failed) return this.#failed;
    if (this.#available < HEADER_LENGTH) return undefined;
    const first = this.#chunks[0]!;
    const contiguous = first.length - this.#offset;
    let head: Uint8Array, headOff: number;
    if (contiguous >= HEADER_LENGTH) {
      head = first;
      headOff = this.#offset;
    } else {
      this.#copyOut(this.#head, HEADER_LENGTH);
      head = this.#head;
      headOff = 0;
    }
    const check = checkHeader(head, headOff, ctx);
    if (check.type === "error") {
      this.#failed = check;
      this.#chunks = [];
      this.#available = 0;
      return check;
    }
    const length = check.length;
    if (this.#available < length) return undefined;
    let bytes: Uint8Array;
    if (contiguous >= length) {
      bytes = first.subarray(this.#offset, this.#offset + length);
    } else {
      bytes = new Uint8Array(length);
      this.#copyOut(bytes, length);
    }
    this.#consume(length);
    return { type: "message", messageType: check.messageType, bytes };
  }

  /** Copies the first `n` buffered bytes into `out` without consuming them. */
  #copyOut(out: Uint8Array, n: number): void {
    let filled = 0;
    let off = this.#offset;
    for (let i = 0; filled < n; i++) {
      const c = this.#chunks[i]!;
      const take = Math.min(n - filled, c.length - off);
      out.set(c.subarray(off, off + take), filled);
      filled += take;
      off = 0;
    }
  }

  #consume(n: number): void {
    this.#available -= n;
    while (n > 0) {
      const c = this.#chunks[0]!;
      const left = c.length - this.#offset;
      if (n < left) {
        this.#offset += n;
        return;
      }
      n -= left;
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}
