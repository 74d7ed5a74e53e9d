/** A bounds-checked big-endian cursor over a byte view; it never copies. */

/** Thrown when a read runs past the end of the view. Codecs map it to their own error. */
export class ShortReadError extends RangeError {
  constructor(readonly wanted: number, readonly available: number) {
    super(`need ${wanted} bytes, ${available} left`);
    this.name = "ShortReadError";
  }
}

export class ByteReader {
  readonly bytes: Uint8Array;
  #view: DataView;
  #pos: number;
  #end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = start;
    this.#end = end;
  }

  get offset(): number {
    return this.#pos;
  }
  get remaining(): number {
    return this.#end - this.#pos;
  }
  get atEnd(): boolean {
    return this.#pos >= this.#end;
  }

  #need(n: number): number {
    const p = this.#pos;
    if (n > this.#end - p) throw new ShortReadError(n, this.#end - p);
    this.#pos = p + n;
    return p;
  }

  u8(): number {
    return this.#view.getUint8(this.#need(1));
  }
  u16(): number {
    return this.#view.getUint16(this.#need(2));
  }
  u32(): number {
    return this.#view.getUint32(this.#need(4));
  }
  u16le(): number {
    return this.#view.getUint16(this.#need(2), true);
  }
  u32le(): number {
    return this.#view.getUint32(this.#need(4), true);
  }
  i32le(): number {
    return this.#view.getInt32(this.#need(4), true);
  }
  u64(): bigint {
    return this.#view.getBigUint64(this.#need(8));
  }

  /** A view of the next `n` bytes (no copy). */
  bytesView(n: number): Uint8Array {
    const p = this.#need(n);
    return this.bytes.subarray(p, p + n);
  }

  /** A reader over the next `n` bytes; this reader skips past them. */
  sub(n: number): ByteReader {
    const p = this.#need(n);
    return new ByteReader(this.bytes, p, p + n);
  }

  /** Everything left, as a view. */
  rest(): Uint8Array {
    return this.bytesView(this.remaining);
  }

  skip(n: number): void {
    this.#need(n);
  }
}
