/**
 * The command socket: sequence numbers, request/ACK, multipart dumps and batches, over one
 * NetlinkChannel. One operation at a time (replies are matched in request order).
 *
 * Batches follow research/netlink.md §4: many messages per datagram (<= 64 KiB), no NLM_F_ACK on
 * the messages (the kernel answers only failures), one NLMSG_NOOP|ACK barrier at the end of each
 * datagram, replies drained without blocking and matched to items by sequence number. While
 * the kernel processes one datagram (off the event loop), the next is encoded.
 */
import { ByteWriter } from "../common/byte_writer.ts";
import { ERRNO_CODE } from "./errno.ts";
import { NLM_F, NLMSG } from "./constants.ts";
import { beginMessage, endMessage, type NetlinkMessage, parseMessages } from "./nlmsg.ts";
import { decodeNlMsgErr, NetlinkError } from "./nlmsgerr.ts";
import type { NetlinkChannel } from "./transport.ts";

export interface NetlinkSocketOptions {
  /** How long to wait for a reply that should already be queued (default 10 s). */
  readonly timeoutMs?: number;
  /** Datagram size for batches (default 64 KiB; must stay below SO_SNDBUF - 32). */
  readonly batchBytes?: number;
  /** Yield to the event loop after this many received datagrams in a dump (default 16). */
  readonly yieldEveryDatagrams?: number;
}

/** Per-item outcome of a batch. */
export interface BatchFailure<T> {
  readonly item: T;
  readonly error: Error;
}

export interface BatchResult<T> {
  /** Items written to the kernel (including failed ones). */
  readonly sent: number;
  /** Items the kernel rejected, with the typed error. */
  readonly failed: readonly BatchFailure<T>[];
  /** Items whose outcome is unknown (replies lost to ENOBUFS or a timeout): resync needed. */
  readonly unknown: readonly T[];
}

/** Builds one request message into `w` with sequence number `seq`. */
export type RequestEncoder = (w: ByteWriter, seq: number) => void;

/** Encodes one batch item as one message with sequence number `seq`. */
export type ItemEncoder<T> = (w: ByteWriter, item: T, seq: number) => void;

export class NetlinkSocket {
  #channel: NetlinkChannel;
  #yield: () => Promise<void>;
  #timeoutMs: number;
  #batchBytes: number;
  #yieldEvery: number;
  #seq = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #w = new ByteWriter(4096);
  #bufs: [ByteWriter, ByteWriter];

  constructor(
    channel: NetlinkChannel,
    yieldNow: () => Promise<void>,
    options: NetlinkSocketOptions = {},
  ) {
    this.#channel = channel;
    this.#yield = yieldNow;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#batchBytes = options.batchBytes ?? 65536;
    this.#yieldEvery = options.yieldEveryDatagrams ?? 16;
    this.#bufs = [new ByteWriter(this.#batchBytes + 4096), new ByteWriter(this.#batchBytes + 4096)];
  }

  get portId(): number {
    return this.#channel.portId;
  }

  get channel(): NetlinkChannel {
    return this.#channel;
  }

  /** Next sequence number (u32, never 0: notifications the kernel makes itself use 0). */
  nextSeq(): number {
    this.#seq = this.#seq >= 0xffffffff ? 1 : this.#seq + 1;
    return this.#seq;
  }

  #exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => {});
    return run;
  }

  /**
   * Sends one request with NLM_F_REQUEST|NLM_F_ACK added to its flags and returns the reply
   * messages that came before the ACK (payloads copied). Throws NetlinkError on a kernel error,
   * naming `describe`.
   */
  request(encode: RequestEncoder, describe: string): Promise<NetlinkMessage[]> {
    return this.#exclusive(async () => {
      const seq = this.nextSeq();
      const w = this.#w;
      w.truncate(0);
      encode(w, seq);
      await this.#channel.send(w.view());
      const replies: NetlinkMessage[] = [];
      for (;;) {
        const msgs = await this.#receive(describe);
        for (const m of msgs) {
          if (m.seq !== seq) continue; // a late reply to an earlier, timed-out request
          if (m.type === NLMSG.ERROR) {
            const e = decodeNlMsgErr(m);
            if (e.errno !== 0) throw new NetlinkError(e.errno, describe, e.extack);
            return replies;
          }
          if (m.type === NLMSG.DONE) return replies;
          replies.push({ ...m, payload: m.payload.slice() });
        }
      }
    });
  }

  /**
   * Sends a dump request (NLM_F_REQUEST|NLM_F_DUMP) and calls `onMessage` for every reply until
   * NLMSG_DONE; the payload view is valid only during the call. Yields to the event loop every
   * few datagrams. Returns whether the kernel flagged the dump as interrupted
   * (NLM_F_DUMP_INTR: state changed during the walk; the caller should dump again).
   */
  dump(
    encode: RequestEncoder,
    describe: string,
    onMessage: (m: NetlinkMessage) => void,
  ): Promise<{ interrupted: boolean }> {
    return this.#exclusive(async () => {
      const seq = this.nextSeq();
      const w = this.#w;
      w.truncate(0);
      encode(w, seq);
      await this.#channel.send(w.view());
      let interrupted = false;
      let datagrams = 0;
      for (;;) {
        const msgs = await this.#receive(describe);
        for (const m of msgs) {
          if (m.seq !== seq) continue;
          if ((m.flags & NLM_F.DUMP_INTR) !== 0) interrupted = true;
          if (m.type === NLMSG.DONE) {
            const status = m.payload.length >= 4
              ? new DataView(m.payload.buffer, m.payload.byteOffset, 4).getInt32(0, true)
              : 0;
            if (status < 0) throw new NetlinkError(-status, describe);
            return { interrupted };
          }
          if (m.type === NLMSG.ERROR) {
            const e = decodeNlMsgErr(m);
            if (e.errno !== 0) throw new NetlinkError(e.errno, describe, e.extack);
            return { interrupted };
          }
          onMessage(m);
        }
        if (++datagrams % this.#yieldEvery === 0) await this.#yield();
      }
    });
  }

  /** Receives one datagram's messages, waiting (bounded) if nothing is queued yet. */
  async #receive(describe: string): Promise<NetlinkMessage[]> {
    for (;;) {
      const r = this.#channel.receive();
      if (r.type === "data") return parseMessages(r.bytes);
      if (r.type === "error") throw new NetlinkError(r.errno, `${describe} (receive)`);
      const w = await this.#channel.wait(this.#timeoutMs);
      if (w === "timeout") throw new NetlinkError(ERRNO_CODE.ETIMEDOUT, describe);
      if (w === "closed") throw new NetlinkError(9, `${describe} (socket closed)`);
    }
  }

  /**
   * Writes every item as one message (encoded by `encode`, which must not set NLM_F_ACK) in
   * datagrams of about `batchBytes`, each closed by a barrier. Never throws for per-item
   * failures: they come back in the result with their NetlinkError.
   */
  applyBatch<T>(
    items: Iterable<T>,
    encode: ItemEncoder<T>,
    describe: (item: T) => string,
  ): Promise<BatchResult<T>> {
    return this.#exclusive(async () => {
      const failed: BatchFailure<T>[] = [];
      const unknown: T[] = [];
      let sent = 0;
      let which = 0;
      let inFlight: Chunk<T> | undefined;
      let chunk: Chunk<T> = newChunk(this.#bufs[which]!);
      const finish = async (c: Chunk<T>): Promise<void> => {
        // Close this datagram with a barrier: NOOP|ACK is answered with a zero-error ACK.
        c.barrier = this.nextSeq();
        endMessage(
          c.w,
          beginMessage(c.w, NLMSG.NOOP, NLM_F.REQUEST | NLM_F.ACK, c.barrier),
        );
        if (inFlight) await this.#settle(inFlight, describe, failed, unknown);
        sent += c.items.length;
        c.sending = this.#channel.send(c.w.view()).then(
          () => undefined,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        inFlight = c;
        which ^= 1;
      };
      for (const item of items) {
        const seq = this.nextSeq();
        if (chunk.items.length === 0) chunk.firstSeq = seq;
        const mark = chunk.w.length;
        try {
          encode(chunk.w, item, seq);
        } catch (e) {
          chunk.w.truncate(mark);
          failed.push({ item, error: e instanceof Error ? e : new Error(String(e)) });
          // Give the number back: replies are mapped to items by seq - firstSeq.
          this.#seq = seq === 1 ? 0 : seq - 1;
          continue;
        }
        chunk.items.push(item);
        if (chunk.w.length >= this.#batchBytes) {
          await finish(chunk);
          chunk = newChunk(this.#bufs[which]!);
        }
      }
      if (chunk.items.length > 0) await finish(chunk);
      if (inFlight) await this.#settle(inFlight, describe, failed, unknown);
      return { sent, failed, unknown };
    });
  }

  /** Waits for a chunk's send, then drains its error replies up to its barrier. */
  async #settle<T>(
    c: Chunk<T>,
    describe: (item: T) => string,
    failed: BatchFailure<T>[],
    unknown: T[],
  ): Promise<void> {
    const sendError = await c.sending;
    if (sendError) {
      for (const item of c.items) failed.push({ item, error: sendError });
      return;
    }
    const reported = new Set<number>();
    let lost = false;
    for (let barrier = false; !barrier;) {
      const r = this.#channel.receive();
      if (r.type === "error") {
        // ENOBUFS: replies were dropped; which items failed is unknown.
        lost = true;
        continue;
      }
      if (r.type === "empty") {
        if (lost) break;
        const w = await this.#channel.wait(this.#timeoutMs);
        if (w !== "readable") {
          lost = true;
          break;
        }
        continue;
      }
      for (const m of parseMessages(r.bytes)) {
        if (m.type !== NLMSG.ERROR) continue;
        if (m.seq === c.barrier) {
          barrier = true;
          continue;
        }
        const i = (m.seq - c.firstSeq) >>> 0;
        if (i >= c.items.length) continue;
        const e = decodeNlMsgErr(m);
        if (e.errno === 0) continue;
        const item = c.items[i]!;
        reported.add(i);
        failed.push({ item, error: new NetlinkError(e.errno, describe(item), e.extack) });
      }
    }
    if (lost) c.items.forEach((item, i) => reported.has(i) || unknown.push(item));
  }

  /** Closes the channel after the running operation. */
  async close(): Promise<void> {
    await this.#tail;
    await this.#channel.close();
  }
}

interface Chunk<T> {
  w: ByteWriter;
  items: T[];
  firstSeq: number;
  barrier: number;
  sending: Promise<Error | undefined>;
}

function newChunk<T>(w: ByteWriter): Chunk<T> {
  w.truncate(0);
  return { w, items: [], firstSeq: 0, barrier: 0, sending: Promise.resolve(undefined) };
}
