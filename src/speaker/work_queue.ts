/**
 * The speaker's single serial lane for state changes: jobs (an UPDATE through policy and RIB,
 * a dump to a new peer) run one at a time in arrival order, each sliced by the shared Slicer.
 * Pending cost (e.g. prefixes) is tracked so session drivers can stop reading a socket while
 * the lane is full; TCP flow control then slows the sender instead of memory growing.
 */
import { Slicer } from "./slicer.ts";

export type Job = (slicer: Slicer) => void | Promise<void>;

interface Waiter {
  readonly limit: number;
  readonly resolve: () => void;
}

interface Entry {
  readonly job: Job;
  readonly cost: number;
}

export interface WorkQueueOptions {
  readonly slicer?: Slicer;
  /** Called when a job throws; the queue keeps going. */
  readonly onError?: (error: unknown) => void;
}

export class WorkQueue {
  #entries: Entry[] = [];
  #head = 0;
  #pendingCost = 0;
  #running = false;
  #slicer: Slicer;
  #onError: (error: unknown) => void;
  #waiters: Waiter[] = [];
  #idleWaiters: (() => void)[] = [];

  constructor(options: WorkQueueOptions = {}) {
    this.#slicer = options.slicer ?? new Slicer();
    this.#onError = options.onError ?? (() => {});
  }

  get slicer(): Slicer {
    return this.#slicer;
  }

  /** Sum of the costs of queued and running jobs. */
  get pendingCost(): number {
    return this.#pendingCost;
  }

  /** Jobs waiting (the running one excluded). */
  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** Queues `job`; it runs after every job queued before it. */
  push(job: Job, cost = 1): void {
    this.#entries.push({ job, cost });
    this.#pendingCost += cost;
    if (!this.#running) void this.#run();
  }

  /** Resolves once pending cost is at most `limit` (at once if it already is). */
  whenBelow(limit: number): Promise<void> {
    if (this.#pendingCost <= limit) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (!this.#running && this.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #run(): Promise<void> {
    this.#running = true;
    this.#slicer.restart();
    while (this.#head < this.#entries.length) {
      const entry = this.#entries[this.#head]!;
      this.#entries[this.#head++] = undefined as unknown as Entry;
      if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
        this.#entries = this.#entries.slice(this.#head);
        this.#head = 0;
      }
      try {
        await entry.job(this.#slicer);
      } catch (e) {
        this.#onError(e);
      }
      this.#pendingCost -= entry.cost;
      this.#wake();
      await this.#slicer.checkpoint();
    }
    this.#entries = [];
    this.#head = 0;
    this.#running = false;
    const idle = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of idle) resolve();
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const keep: Waiter[] = [];
    for (const w of this.#waiters) {
      if (this.#pendingCost <= w.limit) w.resolve();
      else keep.push(w);
    }
    this.#waiters = keep;
  }
}
