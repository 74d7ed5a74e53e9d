/**
 * gRPC length-prefixed messages (PROTOCOL-HTTP2 "Length-Prefixed-Message"): a 1-byte
 * Compressed-Flag, a 4-byte big-endian Message-Length, then the message. Pure code.
 */
import { GrpcError, Status } from "./status.ts";

export const FRAME_HEADER_BYTES = 5;

/** Collects framed messages into one buffer, so a batch goes out in one HTTP/2 write. */
export class FrameBatch {
  #buf: Uint8Array;
  #len = 0;
  #count = 0;

  constructor(initialBytes = 64 * 1024) {
    this.#buf = new Uint8Array(initialBytes);
  }

  /** Bytes buffered. */
  get byteLength(): number {
    return this.#len;
  }

  /** Messages buffered. */
  get count(): number {
    return this.#count;
  }

  /** Appends one message with its 5-byte prefix (never compressed). */
  push(message: Uint8Array): void {
    const need = this.#len + FRAME_HEADER_BYTES + message.length;
    if (need > this.#buf.length) {
      const grown = new Uint8Array(Math.max(need, this.#buf.length * 2));
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    const b = this.#buf, at = this.#len, n = message.length;
    b[at] = 0;
    b[at + 1] = n >>> 24;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = (n >>> 8) & 0xff;
    b[at + 4] = n & 0xff;
    b.set(message, at + FRAME_HEADER_BYTES);
    this.#len = need;
    this.#count++;
  }

  /** The buffered bytes (a copy the caller owns); the batch is empty afterwards. */
  take(): Uint8Array {
    const out = this.#buf.slice(0, this.#len);
    this.#len = 0;
    this.#count = 0;
    return out;
  }
}

/** One message framed on its own. */
export function frameMessage(message: Uint8Array): Uint8Array {
  const batch = new FrameBatch(message.length + FRAME_HEADER_BYTES);
  batch.push(message);
  return batch.take();
}

/**
 * Splits a byte stream into messages. Whole messages inside one chunk come back as views
 * of that chunk (no copy); a message split across chunks is joined once, when complete.
 */
export class Deframer {
  readonly #maxMessageBytes: number;
  /** Chunks of an incomplete frame carried over from earlier pushes. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  /** True when a frame has started but not finished. */
  get hasPartial(): boolean {
    return this.#pendingBytes > 0;
  }

  /** Feeds one chunk; returns the messages it completed. Throws GrpcError on bad frames. */
  push(chunk: Uint8Array): Uint8Array[] {
    let data = chunk;
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#pendingBytes < FRAME_HEADER_BYTES) return [];
      const header = concat(this.#pending, FRAME_HEADER_BYTES);
      const need = FRAME_HEADER_BYTES + this.#checkHeader(header, 0);
      if (this.#pendingBytes < need) return [];
      data = concat(this.#pending, this.#pendingBytes);
      this.#pending = [];
      this.#pendingBytes = 0;
    }
    const out: Uint8Array[] = [];
    let off = 0;
    while (data.length - off >= FRAME_HEADER_BYTES) {
      const len = this.#checkHeader(data, off);
      if (data.length - off - FRAME_HEADER_BYTES < len) break;
      out.push(data.subarray(off + FRAME_HEADER_BYTES, off + FRAME_HEADER_BYTES + len));
      off += FRAME_HEADER_BYTES + len;
    }
    if (off < data.length) {
      this.#pending = [data.slice(off)];
      this.#pendingBytes = data.length - off;
    }
    return out;
  }

  /** Message-Length of the frame at `off`, after checking flag and size limit. */
  #checkHeader(data: Uint8Array, off: number): number {
    const flag = data[off]!;
    const len = ((data[off + 1]! << 24) >>> 0) + (data[off + 2]! << 16) + (data[off + 3]! << 8) +
      data[off + 4]!;
    if (flag !== 0) {
      throw new GrpcError(
        Status.UNIMPLEMENTED,
        `compressed messages are not supported (Compressed-Flag ${flag})`,
      );
    }
    if (len > this.#maxMessageBytes) {
      throw new GrpcError(
        Status.RESOURCE_EXHAUSTED,
        `message of ${len} bytes exceeds the limit of ${this.#maxMessageBytes} bytes`,
      );
    }
    return len;
  }
}

/** The first `n` bytes of `chunks`, joined. */
function concat(chunks: readonly Uint8Array[], n: number): Uint8Array {
  if (chunks.length === 1 || chunks[0]!.length >= n) return chunks[0]!.subarray(0, n);
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    if (at >= n) break;
    const part = c.subarray(0, n - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}
