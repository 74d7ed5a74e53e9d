/**
 * RFC 7854 §4.8 Statistics Report (type 1): per-peer header, Stats Count (4), then that many
 * Stat TLVs: Stat Type (2) + Stat Length (2) + data. Counters are 32-bit, gauges 64-bit,
 * per-AFI/SAFI gauges AFI (2) + SAFI (1) + 64-bit gauge. At least one statistic MUST be carried.
 * RFC 8671 §6.2: the O flag MUST be 0 in a Statistics Report.
 */
import type { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { PeerFlag, PeerType, STAT_KINDS, STAT_LENGTHS, type StatKind } from "./constants.ts";
import { BmpDecodeError, BmpEncodeError } from "./errors.ts";
import { decodePerPeerHeader, encodePerPeerHeader } from "./per_peer_header.ts";
import type { StatEntry, StatisticsReportMessage } from "./types.ts";

const U64_MAX = (1n << 64n) - 1n;

export function encodeStatisticsReportBody(w: ByteWriter, m: StatisticsReportMessage): void {
  if (m.stats.length === 0) {
    throw new BmpEncodeError("a Statistics Report carries at least one statistic");
  }
  if (m.peer.peerType !== PeerType.LOC_RIB_INSTANCE && (m.peer.flags & PeerFlag.O) !== 0) {
    throw new BmpEncodeError("RFC 8671 §6.2: a Statistics Report has the O flag clear");
  }
  encodePerPeerHeader(w, m.peer);
  w.u32(m.stats.length);
  for (const s of m.stats) encodeStat(w, s);
}

function encodeStat(w: ByteWriter, s: StatEntry): void {
  checkRange("stat type", s.statType, 0xffff);
  if (s.type !== "unknown") {
    const kind = STAT_KINDS.get(s.statType);
    if (kind !== s.type) {
      throw new BmpEncodeError(
        `stat type ${s.statType} is a ${kind ?? "unknown"}, not a ${s.type}`,
      );
    }
  }
  switch (s.type) {
    case "counter":
      checkRange(`stat ${s.statType} counter`, s.value, 0xffff_ffff);
      w.u16(s.statType).u16(STAT_LENGTHS.counter).u32(s.value);
      return;
    case "gauge":
      checkGauge(s.statType, s.value);
      w.u16(s.statType).u16(STAT_LENGTHS.gauge).u64(s.value);
      return;
    case "afi-safi-gauge":
      checkRange("AFI", s.afi, 0xffff);
      checkRange("SAFI", s.safi, 0xff);
      checkGauge(s.statType, s.value);
      w.u16(s.statType).u16(STAT_LENGTHS["afi-safi-gauge"]).u16(s.afi).u8(s.safi).u64(s.value);
      return;
    case "unknown":
      if (s.data.length > 0xffff) throw new BmpEncodeError("stat data is over 65535 bytes");
      w.u16(s.statType).u16(s.data.length).bytes(s.data);
      return;
  }
}

export function decodeStatisticsReportBody(r: ByteReader): StatisticsReportMessage {
  const peer = decodePerPeerHeader(r);
  const count = r.u32();
  const stats: StatEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (r.remaining < 4) {
      throw new BmpDecodeError(`Statistics Report: count ${count} but only ${i} stats present`);
    }
    const statType = r.u16();
    const length = r.u16();
    if (length > r.remaining) {
      throw new BmpDecodeError(`stat type ${statType} length ${length} overruns the message`);
    }
    const kind: StatKind | undefined = STAT_KINDS.get(statType);
    if (kind === undefined) {
      stats.push({ type: "unknown", statType, data: r.bytesView(length).slice() });
      continue;
    }
    // RFC 7854 §4.8: a known type has a fixed length; a wrong one would misalign the reader.
    if (length !== STAT_LENGTHS[kind]) {
      throw new BmpDecodeError(
        `stat type ${statType} has length ${length}, expected ${STAT_LENGTHS[kind]}`,
      );
    }
    switch (kind) {
      case "counter":
        stats.push({ type: "counter", statType, value: r.u32() });
        break;
      case "gauge":
        stats.push({ type: "gauge", statType, value: r.u64() });
        break;
      case "afi-safi-gauge":
        stats.push({
          type: "afi-safi-gauge",
          statType,
          afi: r.u16(),
          safi: r.u8(),
          value: r.u64(),
        });
        break;
    }
  }
  if (!r.atEnd) {
    throw new BmpDecodeError(`Statistics Report: ${r.remaining} bytes after ${count} stats`);
  }
  return { type: "statistics-report", peer, stats };
}

function checkRange(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new BmpEncodeError(`${name} ${v} is out of range 0..${max}`);
  }
}

function checkGauge(statType: number, v: bigint): void {
  if (v < 0n || v > U64_MAX) throw new BmpEncodeError(`stat ${statType} gauge ${v} is not 64-bit`);
}
