/**
 * Packs prefixes that share one attribute set into as few UPDATEs as the session's maximum
 * message size allows (4096, or 65535 with RFC 8654), for announcements (NLRI field for IPv4,
 * MP_REACH_NLRI for IPv6 and RFC 8950) and withdrawals (Withdrawn Routes / MP_UNREACH_NLRI).
 *
 * The attribute block is encoded once per attribute set (prepare), then copied into each
 * message. Messages accumulate back to back in one reused output buffer; take() hands them over
 * as one byte array, ready for a single socket write.
 */
import type { PrefixKey } from "../common/prefix_key.ts";
import { encodeAttributes, ipv4ToU32 } from "./attributes.ts";
import { HEADER_LENGTH, maxMessageLength } from "./header.ts";
import { MessageType } from "./iana.ts";
import { familyKeyOf, mpReachHead, mpUnreachHead } from "./mp.ts";
import { writeIpv6Prefix } from "./nlri.ts";
import {
  AFI_IPV4,
  type AfiSafi,
  type CodecContext,
  familyKey,
  type PathAttributes,
  SAFI_UNICAST,
} from "./types.ts";
import { WireWriter } from "./writer.ts";

/** An attribute set encoded for one family, reusable across announce() calls. */
export interface PreparedAttributes {
  readonly family: AfiSafi;
  /** MP_REACH_NLRI up to its NLRI (length back-filled per message); absent for the IPv4 field. */
  readonly mpHead: Uint8Array | undefined;
  /** Every other attribute, encoded once. */
  readonly block: Uint8Array;
  /** RFC 7911: path identifiers are sent for this family on this session. */
  readonly addPath: boolean;
}

export interface PrepareOptions {
  /** MP_REACH_NLRI next hop: required for IPv6; an IPv6 address for IPv4 selects RFC 8950. */
  readonly nextHop?: string;
  readonly linkLocalNextHop?: string;
}

const IPV4_UNICAST: AfiSafi = { afi: AFI_IPV4, safi: SAFI_UNICAST };
const ARENA_SIZE = 256 * 1024;
/** Header (19) + Withdrawn Routes Length (2) + Total Path Attribute Length (2). */
const FIXED = HEADER_LENGTH + 4;

export class UpdatePacker {
  readonly #ctx: CodecContext;
  readonly #max: number;
  #out: Uint8Array;
  #pos = 0;
  #messages = 0;
  readonly #scratch = new WireWriter(4096);
  #arena = new Uint8Array(ARENA_SIZE);
  #arenaPos = 0;

  constructor(ctx: CodecContext, initialCapacity = 1 << 20) {
    this.#ctx = ctx;
    this.#max = maxMessageLength(ctx);
    this.#out = new Uint8Array(Math.max(initialCapacity, 2 * this.#max));
  }

  /** Bytes of messages written and not yet taken. */
  get byteLength(): number {
    return this.#pos;
  }

  /** Messages written and not yet taken. */
  get messageCount(): number {
    return this.#messages;
  }

  /** Encodes `attrs` once for `family`. RFC 7606 §5.1: NEXT_HOP only with the IPv4 field. */
  prepare(
    attrs: PathAttributes,
    family: AfiSafi = IPV4_UNICAST,
    opts: PrepareOptions = {},
  ): PreparedAttributes {
    const classic = family.afi === AFI_IPV4 && family.safi === SAFI_UNICAST &&
      (opts.nextHop === undefined || ipv4ToU32(opts.nextHop) >= 0);
    let mpHead: Uint8Array | undefined;
    if (classic) {
      if (attrs.nextHop === undefined && opts.nextHop === undefined) {
        throw new RangeError("IPv4 unicast announcements need a NEXT_HOP");
      }
      if (opts.nextHop !== undefined) attrs = { ...attrs, nextHop: opts.nextHop };
    } else {
      if (opts.nextHop === undefined) {
        throw new RangeError(`AFI/SAFI ${familyKey(family)} announcements need a next hop`);
      }
      mpHead = mpReachHead(family.afi, family.safi, opts.nextHop, opts.linkLocalNextHop);
    }
    const w = this.#scratch;
    w.reset();
    encodeAttributes(attrs, this.#ctx, w, !classic);
    const block = this.#keep(w.buf, w.pos);
    const fixed = FIXED + (mpHead?.length ?? 0) + block.length;
    if (fixed + 1 + 16 + 4 > this.#max) {
      throw new RangeError(`attributes take ${fixed} bytes: no room for NLRI in ${this.#max}`);
    }
    return {
      family,
      mpHead,
      block,
      addPath: this.#ctx.addPathSend.has(familyKeyOf(family.afi, family.safi)),
    };
  }

  /**
   * Copies a prepared block into the arena and returns a view of it: one small ArrayBuffer per
   * attribute set would cost more than encoding the set.
   */
  #keep(src: Uint8Array, n: number): Uint8Array {
    if (this.#arenaPos + n > this.#arena.length) {
      this.#arena = new Uint8Array(Math.max(ARENA_SIZE, n));
      this.#arenaPos = 0;
    }
    const at = this.#arenaPos;
    const arena = this.#arena;
    for (let i = 0; i < n; i++) arena[at + i] = src[i]!;
    this.#arenaPos = at + n;
    return arena.subarray(at, at + n);
  }

  #room(): void {
    if (this.#pos + this.#max <= this.#out.length) return;
    const next = new Uint8Array(Math.max(this.#out.length * 2, this.#pos + this.#max));
    next.set(this.#out.subarray(0, this.#pos));
    this.#out = next;
  }

  #header(at: number): void {
    const buf = this.#out;
    for (let i = 0; i < 16; i++) buf[at + i] = 0xff; // marker
    buf[at + 18] = MessageType.UPDATE;
  }

  #close(at: number, end: number): void {
    const len = end - at;
    this.#out[at + 16] = len >>> 8;
    this.#out[at + 17] = len;
    this.#pos = end;
    this.#messages++;
  }

  /**
   * Announces prefixes[start, end) with `prepared`; path ids from `pathIds` when ADD-PATH
   * sends for the family (0 when absent). Returns the number of UPDATEs written.
   */
  announce(
    prepared: PreparedAttributes,
    prefixes: ArrayLike<PrefixKey>,
    pathIds?: ArrayLike<number>,
    start = 0,
    end: number = prefixes.length,
  ): number {
    const { mpHead, block, addPath } = prepared;
    const before = this.#messages;
    let i = start;
    while (i < end) {
      this.#room();
      const buf = this.#out;
      const at = this.#pos;
      this.#header(at);
      buf[at + 19] = 0;
      buf[at + 20] = 0;
      let p = at + FIXED;
      let limit: number;
      if (mpHead === undefined) {
        p = copy(buf, p, block);
        buf[at + 21] = block.length >>> 8;
        buf[at + 22] = block.length;
        limit = at + this.#max;
      } else {
        p = copy(buf, p, mpHead);
        limit = at + this.#max - block.length;
      }
      const nlriStart = p;
      i = this.#prefixes(buf, p, limit, prefixes, pathIds, addPath, i, end);
      p = this.#lastPos;
      if (p === nlriStart) throw new RangeError("prefix does not fit in an UPDATE");
      if (mpHead !== undefined) {
        const mpAt = at + FIXED;
        const mpLen = p - mpAt - 4;
        buf[mpAt + 2] = mpLen >>> 8;
        buf[mpAt + 3] = mpLen;
        p = copy(buf, p, block);
        const ta = p - at - FIXED;
        buf[at + 21] = ta >>> 8;
        buf[at + 22] = ta;
      }
      this.#close(at, p);
    }
    return this.#messages - before;
  }

  #lastPos = 0;

  /** Writes prefixes from index i while they fit before `limit`; returns the next index. */
  #prefixes(
    buf: Uint8Array,
    p: number,
    limit: number,
    prefixes: ArrayLike<PrefixKey>,
    pathIds: ArrayLike<number> | undefined,
    addPath: boolean,
    i: number,
    end: number,
  ): number {
    const idLen = addPath ? 4 : 0;
    for (; i < end; i++) {
      const k = prefixes[i]!;
      if (typeof k === "number") {
        const a = (k / 64) >>> 0;
        const len = k - a * 64;
        const nb = (len + 7) >> 3;
        if (p + idLen + 1 + nb > limit) break;
        if (addPath) p = writeId(buf, p, pathIds === undefined ? 0 : pathIds[i]!);
        buf[p++] = len;
        if (nb > 0) {
          buf[p++] = a >>> 24;
          if (nb > 1) {
            buf[p++] = a >>> 16;
            if (nb > 2) {
              buf[p++] = a >>> 8;
              if (nb > 3) buf[p++] = a;
            }
          }
        }
      } else {
        const len = Number(k.slice(33));
        if (p + idLen + 1 + ((len + 7) >> 3) > limit) break;
        if (addPath) p = writeId(buf, p, pathIds === undefined ? 0 : pathIds[i]!);
        p = writeIpv6Prefix(buf, p, k);
      }
    }
    this.#lastPos = p;
    return i;
  }

  /** Withdraws prefixes[start, end) of `family`. Returns the number of UPDATEs written. */
  withdraw(
    family: AfiSafi,
    prefixes: ArrayLike<PrefixKey>,
    pathIds?: ArrayLike<number>,
    start = 0,
    end: number = prefixes.length,
  ): number {
    const addPath = this.#ctx.addPathSend.has(familyKeyOf(family.afi, family.safi));
    const classic = family.afi === AFI_IPV4 && family.safi === SAFI_UNICAST;
    const head = classic ? undefined : mpUnreachHead(family.afi, family.safi);
    const before = this.#messages;
    let i = start;
    while (i < end) {
      this.#room();
      const buf = this.#out;
      const at = this.#pos;
      this.#header(at);
      let p: number;
      if (head === undefined) {
        p = at + HEADER_LENGTH + 2;
        i = this.#prefixes(buf, p, at + this.#max - 2, prefixes, pathIds, addPath, i, end);
        const endW = this.#lastPos;
        if (endW === p) throw new RangeError("prefix does not fit in an UPDATE");
        const wr = endW - p;
        buf[at + 19] = wr >>> 8;
        buf[at + 20] = wr;
        buf[endW] = 0;
        buf[endW + 1] = 0;
        p = endW + 2;
      } else {
        buf[at + 19] = 0;
        buf[at + 20] = 0;
        const mpAt = at + FIXED;
        buf.set(head, mpAt);
        const start0 = mpAt + head.length;
        i = this.#prefixes(buf, start0, at + this.#max, prefixes, pathIds, addPath, i, end);
        p = this.#lastPos;
        if (p === start0) throw new RangeError("prefix does not fit in an UPDATE");
        const mpLen = p - mpAt - 4;
        buf[mpAt + 2] = mpLen >>> 8;
        buf[mpAt + 3] = mpLen;
        const ta = p - mpAt;
        buf[at + 21] = ta >>> 8;
        buf[at + 22] = ta;
      }
      this.#close(at, p);
    }
    return this.#messages - before;
  }

  /** RFC 4724 §2 End-of-RIB: an empty UPDATE for IPv4 unicast, else an empty MP_UNREACH_NLRI. */
  endOfRib(family: AfiSafi = IPV4_UNICAST): void {
    this.#room();
    const buf = this.#out;
    const at = this.#pos;
    this.#header(at);
    buf.fill(0, at + HEADER_LENGTH, at + FIXED);
    let p = at + FIXED;
    if (family.afi !== AFI_IPV4 || family.safi !== SAFI_UNICAST) {
      const head = mpUnreachHead(family.afi, family.safi);
      head[3] = 3;
      buf.set(head, p);
      p += head.length;
      buf[at + 22] = head.length;
    }
    this.#close(at, p);
  }

  /** Everything written since the last take, as one byte array (a copy); resets the packer. */
  take(): Uint8Array {
    const out = this.#out.slice(0, this.#pos);
    this.#pos = 0;
    this.#messages = 0;
    return out;
  }

  /** Like take(), split into one view per message. */
  takeMessages(): Uint8Array[] {
    const all = this.take();
    const out: Uint8Array[] = [];
    for (let p = 0; p < all.length;) {
      const len = (all[p + 16]! << 8) | all[p + 17]!;
      out.push(all.subarray(p, p + len));
      p += len;
    }
    return out;
  }
}

/** Copies `src` to `buf` at `p`; a loop beats TypedArray#set for the usual small blocks. */
function copy(buf: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 256) {
    buf.set(src, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) buf[p + i] = src[i]!;
  return p + n;
}

function writeId(buf: Uint8Array, p: number, id: number): number {
  buf[p] = id >>> 24;
  buf[p + 1] = id >>> 16;
  buf[p + 2] = id >>> 8;
  buf[p + 3] = id;
  return p + 4;
}
