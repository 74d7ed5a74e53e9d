/** Whole BMP messages: encode, decode, and split a byte stream into messages (RFC 7854 §4.1). */
import { ByteReader, ShortReadError } from "../common/byte_reader.ts";
import { ByteWriter } from "../common/byte_writer.ts";
import { beginMessage, decodeCommonHeader, endMessage } from "./common_header.ts";
import { BmpMessageType, COMMON_HEADER_LENGTH, PER_PEER_HEADER_LENGTH } from "./constants.ts";
import { BmpDecodeError } from "./errors.ts";
import { decodeInitiationBody, encodeInitiationBody } from "./initiation.ts";
import { decodePeerDownBody, encodePeerDownBody } from "./peer_down.ts";
import { decodePeerUpBody, encodePeerUpBody } from "./peer_up.ts";
import { decodeRouteMirroringBody, encodeRouteMirroringBody } from "./route_mirroring.ts";
import { decodeRouteMonitoringBody, encodeRouteMonitoring } from "./route_monitoring.ts";
import { decodeStatisticsReportBody, encodeStatisticsReportBody } from "./statistics_report.ts";
import { decodeTerminationBody, encodeTerminationBody } from "./termination.ts";
import type { BmpMessage } from "./types.ts";

/** The BMP message type code of a model. */
export function messageTypeCode(m: BmpMessage): number {
  switch (m.type) {
    case "route-monitoring":
      return BmpMessageType.ROUTE_MONITORING;
    case "statistics-report":
      return BmpMessageType.STATISTICS_REPORT;
    case "peer-down":
      return BmpMessageType.PEER_DOWN_NOTIFICATION;
    case "peer-up":
      return BmpMessageType.PEER_UP_NOTIFICATION;
    case "initiation":
      return BmpMessageType.INITIATION;
    case "termination":
      return BmpMessageType.TERMINATION;
    case "route-mirroring":
      return BmpMessageType.ROUTE_MIRRORING;
    case "unknown":
      return m.messageType;
  }
}

/** Encodes one message, common header included. Throws BmpEncodeError on invalid fields. */
export function encodeBmpMessage(m: BmpMessage): Uint8Array {
  if (m.type === "route-monitoring") return encodeRouteMonitoring(m);
  const w = new ByteWriter(sizeHint(m));
  const start = beginMessage(w, messageTypeCode(m));
  switch (m.type) {
    case "statistics-report":
      encodeStatisticsReportBody(w, m);
      break;
    case "peer-down":
      encodePeerDownBody(w, m);
      break;
    case "peer-up":
      encodePeerUpBody(w, m);
      break;
    case "initiation":
      encodeInitiationBody(w, m);
      break;
    case "termination":
      encodeTerminationBody(w, m);
      break;
    case "route-mirroring":
      encodeRouteMirroringBody(w, m);
      break;
    case "unknown":
      w.bytes(m.body);
      break;
  }
  endMessage(w, start);
  return w.finish();
}

// Route Monitoring has its own single-allocation encoder; Peer Up is the other large one.
function sizeHint(m: BmpMessage): number {
  const fixed = COMMON_HEADER_LENGTH + PER_PEER_HEADER_LENGTH;
  switch (m.type) {
    case "peer-up":
      return fixed + 20 + m.sentOpen.length + m.receivedOpen.length + 64;
    default:
      return 256;
  }
}

/** Decodes exactly one message; `bytes` must hold it whole and nothing else. */
export function decodeBmpMessage(bytes: Uint8Array): BmpMessage {
  const header = decodeCommonHeader(bytes);
  if (!header) throw new BmpDecodeError(`${bytes.length} bytes is shorter than a BMP header`);
  if (header.length !== bytes.length) {
    throw new BmpDecodeError(`BMP length ${header.length} but ${bytes.length} bytes given`, 1);
  }
  const r = new ByteReader(bytes, COMMON_HEADER_LENGTH);
  try {
    return decodeBody(header.messageType, r);
  } catch (e) {
    if (e instanceof ShortReadError) {
      throw new BmpDecodeError(`truncated BMP message type ${header.messageType}: ${e.message}`);
    }
    throw e;
  }
}

function decodeBody(type: number, r: ByteReader): BmpMessage {
  switch (type) {
    case BmpMessageType.ROUTE_MONITORING:
      return decodeRouteMonitoringBody(r);
    case BmpMessageType.STATISTICS_REPORT:
      return decodeStatisticsReportBody(r);
    case BmpMessageType.PEER_DOWN_NOTIFICATION:
      return decodePeerDownBody(r);
    case BmpMessageType.PEER_UP_NOTIFICATION:
      return decodePeerUpBody(r);
    case BmpMessageType.INITIATION:
      return decodeInitiationBody(r);
    case BmpMessageType.TERMINATION:
      return decodeTerminationBody(r);
    case BmpMessageType.ROUTE_MIRRORING:
      return decodeRouteMirroringBody(r);
    default:
      // RFC 7854 §4.1: unknown message types are ignored by receivers; keep the bytes.
      return { type: "unknown", messageType: type, body: r.rest().slice() };
  }
}

/**
 * Splits a BMP byte stream into whole messages: push chunks as they arrive, take the messages
 * completed so far. Multiple messages may share a chunk and one may span several.
 */
export class BmpStreamDecoder {
  #buf = new Uint8Array(0);

  /** Bytes received but not yet part of a whole message. */
  get pending(): number {
    return this.#buf.length;
  }

  /** Appends `chunk` and returns the raw bytes of every message now complete. */
  pushRaw(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.#buf.length + chunk.length);
    joined.set(this.#buf);
    joined.set(chunk, this.#buf.length);
    const out: Uint8Array[] = [];
    let off = 0;
    for (;;) {
      const header = decodeCommonHeader(joined, off);
      if (!header || joined.length - off < header.length) break;
      out.push(joined.slice(off, off + header.length));
      off += header.length;
    }
    this.#buf = joined.slice(off);
    return out;
  }

  /** Appends `chunk` and returns every message now complete, decoded. */
  push(chunk: Uint8Array): BmpMessage[] {
    return this.pushRaw(chunk).map(decodeBmpMessage);
  }
}

/** Decodes a whole captured stream; throws if it ends inside a message. */
export function decodeBmpStream(bytes: Uint8Array): BmpMessage[] {
  const d = new BmpStreamDecoder();
  const out = d.push(bytes);
  if (d.pending !== 0) {
    throw new BmpDecodeError(`stream ends inside a message (${d.pending} bytes)`);
  }
  return out;
}
