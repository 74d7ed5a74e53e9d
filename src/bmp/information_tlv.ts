/**
 * Information TLVs (RFC 7854 §4.4): Type (2) + Length (2) + Value. Strings are UTF-8 and not
 * NUL-terminated. The same layout serves Initiation, Termination, Peer Up and Peer Down reason 6;
 * what a type code means depends on the message, so each message passes its own table.
 */
import { ByteReader } from "../common/byte_reader.ts";
import type { ByteWriter } from "../common/byte_writer.ts";
import { InitiationTlvType, PeerUpTlvType, TerminationTlvType } from "./constants.ts";
import { BmpDecodeError, BmpEncodeError } from "./errors.ts";
import type { InitiationTlv, PeerInformationTlv, TerminationTlv, UnknownTlv } from "./types.ts";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

/** Writes one TLV. */
export function encodeTlv(w: ByteWriter, code: number, value: Uint8Array): void {
  if (value.length > 0xffff) {
    throw new BmpEncodeError(`information TLV ${code} value is ${value.length} bytes (max 65535)`);
  }
  w.u16(code).u16(value.length).bytes(value);
}

/** Reads TLVs until the reader is exhausted; `parse` turns each into the message's TLV type. */
export function decodeTlvs<T>(
  r: ByteReader,
  parse: (code: number, value: Uint8Array) => T,
): T[] {
  const out: T[] = [];
  while (!r.atEnd) {
    if (r.remaining < 4) {
      throw new BmpDecodeError(`truncated information TLV header (${r.remaining} bytes left)`);
    }
    const code = r.u16();
    const length = r.u16();
    if (length > r.remaining) {
      throw new BmpDecodeError(`information TLV ${code} length ${length} overruns the message`);
    }
    out.push(parse(code, r.bytesView(length).slice()));
  }
  return out;
}

export function utf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

function text(b: Uint8Array): string {
  return utf8Decoder.decode(b);
}

function unknown(code: number, value: Uint8Array): UnknownTlv {
  return { type: "unknown", code, value };
}

// ---------------------------------------------------------------- Initiation (RFC 7854 §4.4)

export function encodeInitiationTlv(w: ByteWriter, t: InitiationTlv): void {
  switch (t.type) {
    case "string":
      return encodeTlv(w, InitiationTlvType.STRING, utf8(t.value));
    case "sys-descr":
      return encodeTlv(w, InitiationTlvType.SYS_DESCR, utf8(t.value));
    case "sys-name":
      return encodeTlv(w, InitiationTlvType.SYS_NAME, utf8(t.value));
    case "unknown":
      return encodeTlv(w, t.code, t.value);
  }
}

export function parseInitiationTlv(code: number, value: Uint8Array): InitiationTlv {
  switch (code) {
    case InitiationTlvType.STRING:
      return { type: "string", value: text(value) };
    case InitiationTlvType.SYS_DESCR:
      return { type: "sys-descr", value: text(value) };
    case InitiationTlvType.SYS_NAME:
      return { type: "sys-name", value: text(value) };
    default:
      return unknown(code, value);
  }
}

// ---------------------------------------------------------------- Termination (RFC 7854 §4.5)

export function encodeTerminationTlv(w: ByteWriter, t: TerminationTlv): void {
  switch (t.type) {
    case "string":
      return encodeTlv(w, TerminationTlvType.STRING, utf8(t.value));
    case "reason": {
      if (!Number.isInteger(t.reason) || t.reason < 0 || t.reason > 0xffff) {
        throw new BmpEncodeError(`termination reason ${t.reason} is not a 2-byte code`);
      }
      return encodeTlv(w, TerminationTlvType.REASON, new Uint8Array([t.reason >> 8, t.reason]));
    }
    case "unknown":
      return encodeTlv(w, t.code, t.value);
  }
}

export function parseTerminationTlv(code: number, value: Uint8Array): TerminationTlv {
  switch (code) {
    case TerminationTlvType.STRING:
      return { type: "string", value: text(value) };
    case TerminationTlvType.REASON: {
      if (value.length !== 2) {
        throw new BmpDecodeError(`termination reason TLV is ${value.length} bytes (expected 2)`);
      }
      return { type: "reason", reason: new ByteReader(value).u16() };
    }
    default:
      return unknown(code, value);
  }
}

// ---------------------------------------------------------------- Peer Up / Peer Down 6

export function encodePeerInformationTlv(w: ByteWriter, t: PeerInformationTlv): void {
  switch (t.type) {
    case "string":
      return encodeTlv(w, PeerUpTlvType.STRING, utf8(t.value));
    case "vrf-table-name": {
      const value = utf8(t.value);
      // RFC 9069 §5.2.1: the name is at most 255 bytes.
      if (value.length > 255) {
        throw new BmpEncodeError(`VRF/table name is ${value.length} bytes (max 255)`);
      }
      return encodeTlv(w, PeerUpTlvType.VRF_TABLE_NAME, value);
    }
    case "admin-label":
      return encodeTlv(w, PeerUpTlvType.ADMIN_LABEL, utf8(t.value));
    case "unknown":
      return encodeTlv(w, t.code, t.value);
  }
}

export function parsePeerInformationTlv(code: number, value: Uint8Array): PeerInformationTlv {
  switch (code) {
    case PeerUpTlvType.STRING:
      return { type: "string", value: text(value) };
    case PeerUpTlvType.VRF_TABLE_NAME:
      return { type: "vrf-table-name", value: text(value) };
    case PeerUpTlvType.ADMIN_LABEL:
      return { type: "admin-label", value: text(value) };
    default:
      return unknown(code, value);
  }
}
