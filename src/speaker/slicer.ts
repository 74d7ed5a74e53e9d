/**
 * Cooperative slicing: long synchronous work (a full table through the RIB, an Adj-RIB-Out dump)
 * runs in bounded slices and yields to the event loop between them, so KEEPALIVE timers, socket
 * reads and gRPC calls are served on time (RFC 4271 §4.4: KEEPALIVEs must beat the hold timer).
 */

/**
 * Yields one full event-loop turn. setTimeout(0) is used on purpose: in Deno 2.9 both
 * MessageChannel and setImmediate resume before pending socket reads are polled, which would
 * starve other peers' input; setTimeout lets timers AND I/O run (measured: ~2 ms per yield).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface SlicerOptions {
  /** Longest run of work between two yields, in milliseconds (default 20). */
  readonly budgetMs?: number;
  /** CPU-time source; injectable for tests. */
  readonly now?: () => number;
  /** How to yield; injectable for tests. */
  readonly yieldFn?: () => Promise<void>;
}

/** Tracks the current slice's start and yields once the budget is used. */
export class Slicer {
  #budgetMs: number;
  #now: () => number;
  #yield: () => Promise<void>;
  #sliceStart: number;
  #yields = 0;

  constructor(options: SlicerOptions = {}) {
    this.#budgetMs = options.budgetMs ?? 20;
    this.#now = options.now ?? (() => performance.now());
    this.#yield = options.yieldFn ?? yieldToEventLoop;
    this.#sliceStart = this.#now();
  }

  get budgetMs(): number {
    return this.#budgetMs;
  }

  /** How many times this slicer has yielded (for statistics and tests). */
  get yields(): number {
    return this.#yields;
  }

  /** Whether the current slice has used its budget. */
  shouldYield(): boolean {
    return this.#now() - this.#sliceStart >= this.#budgetMs;
  }

  /** Yields now and starts a new slice. */
  async yield(): Promise<void> {
    this.#yields++;
    await this.#yield();
    this.#sliceStart = this.#now();
  }

  /** Yields only if the budget is used; call between units of work. */
  async checkpoint(): Promise<void> {
    if (this.shouldYield()) await this.yield();
  }

  /** Starts a fresh slice (after an await that already yielded, e.g. a socket read). */
  restart(): void {
    this.#sliceStart = this.#now();
  }

  /**
   * Calls `fn` for each item, checking the clock every `stride` items (reading the clock per
   * item would cost more than small items themselves).
   */
  async forEach<T>(items: Iterable<T>, fn: (item: T) => void, stride = 64): Promise<void> {
    let n = 0;
    for (const item of items) {
      fn(item);
      if (++n % stride === 0 && this.shouldYield()) await this.yield();
    }
  }
}
