/** A growable big-endian writer with length back-fill. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#len;
  }

  // Callers must take the offset before touching #buf/#view: growing replaces both.
  #grow(n: number): number {
    const p = this.#len;
    const need = p + n;
    if (need > this.#buf.length) {
      let cap = this.#buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.#buf.subarray(0, p));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len = need;
    return p;
  }

  u8(v: number): this {
    const p = this.#grow(1);
    this.#view.setUint8(p, v);
    return this;
  }
  u16(v: number): this {
    const p = this.#grow(2);
    this.#view.setUint16(p, v);
    return this;
  }
  u32(v: number): this {
    const p = this.#grow(4);
    this.#view.setUint32(p, v);
    return this;
  }
  u16le(v: number): this {
    const p = this.#grow(2);
    this.#view.setUint16(p, v, true);
    return this;
  }
  u32le(v: number): this {
    const p = this.#grow(4);
    this.#view.setUint32(p, v, true);
    return this;
  }
  i32le(v: number): this {
    const p = this.#grow(4);
    this.#view.setInt32(p, v, true);
    return this;
  }
  u64(v: bigint): this {
    const p = this.#grow(8);
    this.#view.setBigUint64(p, v);
    return this;
  }
  bytes(b: Uint8Array): this {
    const p = this.#grow(b.length);
    this.#buf.set(b, p);
    return this;
  }
  zeros(n: number): this {
    const p = this.#grow(n);
    this.#buf.fill(0, p, this.#len);
    return this;
  }

  /** Reserves `n` bytes to fill later with `setU8/16/32At`; returns their offset. */
  reserve(n: number): number {
    return this.#grow(n);
  }
  setU8At(offset: number, v: number): void {
    this.#view.setUint8(offset, v);
  }
  setU16At(offset: number, v: number): void {
    this.#view.setUint16(offset, v);
  }
  setU32At(offset: number, v: number): void {
    this.#view.setUint32(offset, v);
  }
  setU16leAt(offset: number, v: number): void {
    this.#view.setUint16(offset, v, true);
  }
  setU32leAt(offset: number, v: number): void {
    this.#view.setUint32(offset, v, true);
  }

  /** Drops everything after `length` bytes. */
  truncate(length: number): void {
    this.#len = Math.min(length, this.#len);
  }

  /** The written bytes as a view of the internal buffer (valid until the next write). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
