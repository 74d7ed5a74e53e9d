/**
 * The bytes waiting for one collector: whole BMP messages, counted in bytes so the client can
 * bound memory per collector. `take` hands out whole messages only, so a connection dropped
 * between batches never leaves half a message behind in the queue.
 */
export class SendQueue {
  #items: Uint8Array[] = [];
  #head = 0;
  #bytes = 0;

  /** Bytes queued. */
  get bytes(): number {
    return this.#bytes;
  }

  get empty(): boolean {
    return this.#head === this.#items.length;
  }

  push(message: Uint8Array): void {
    this.#items.push(message);
    this.#bytes += message.length;
  }

  /** Removes whole messages totalling at most `maxBytes` (at least one), joined; or undefined. */
  take(maxBytes: number): Uint8Array | undefined {
    if (this.empty) return undefined;
    let end = this.#head;
    let size = 0;
    while (end < this.#items.length) {
      const next = this.#items[end]!.length;
      if (end > this.#head && size + next > maxBytes) break;
      size += next;
      end++;
    }
    let out: Uint8Array;
    if (end === this.#head + 1) {
      out = this.#items[this.#head]!;
    } else {
      out = new Uint8Array(size);
      let off = 0;
      for (let i = this.#head; i < end; i++) {
        out.set(this.#items[i]!, off);
        off += this.#items[i]!.length;
      }
    }
    this.#head = end;
    this.#bytes -= size;
    // Compact once the consumed prefix dominates, keeping take() amortised O(1) per message.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return out;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
