/**
 * RFC 5492 capabilities, as carried in the Capabilities optional parameter of an OPEN:
 * a sequence of <code (1), length (1), value (length)>. Unknown codes are kept as bytes.
 */
import { ByteReader, ShortReadError } from "../common/byte_reader.ts";
import { CapabilityCode } from "./iana.ts";
import type { AddPathMode, Capability } from "./types.ts";
import type { WireWriter } from "./writer.ts";

/** Decodes one Capabilities optional parameter value into `out`; returns why it is malformed. */
export function decodeCapabilities(value: Uint8Array, out: Capability[]): string | undefined {
  const r = new ByteReader(value);
  try {
    while (!r.atEnd) {
      const code = r.u8();
      const len = r.u8();
      const v = r.sub(len);
      const cap = decodeCapability(code, len, v);
      if (typeof cap === "string") return cap;
      out.push(cap);
    }
  } catch (e) {
    if (e instanceof ShortReadError) return `capability truncated (${e.message})`;
    throw e;
  }
  return undefined;
}

function fixed(code: number, len: number, want: number): string | undefined {
  return len === want ? undefined : `capability ${code} has length ${len}, expected ${want}`;
}

/** One capability, or a reason string when its value is malformed. */
function decodeCapability(code: number, len: number, r: ByteReader): Capability | string {
  switch (code) {
    case CapabilityCode.MULTIPROTOCOL: {
      // RFC 4760 §8: AFI (2), reserved (1), SAFI (1).
      const bad = fixed(code, len, 4);
      if (bad) return bad;
      const afi = r.u16();
      r.u8();
      return { type: "multiprotocol", afi, safi: r.u8() };
    }
    case CapabilityCode.ROUTE_REFRESH:
      return fixed(code, len, 0) ?? { type: "route-refresh" };
    case CapabilityCode.ENHANCED_ROUTE_REFRESH:
      return fixed(code, len, 0) ?? { type: "enhanced-route-refresh" };
    case CapabilityCode.EXTENDED_MESSAGE:
      return fixed(code, len, 0) ?? { type: "extended-message" };
    case CapabilityCode.FOUR_OCTET_AS:
      return fixed(code, len, 4) ?? { type: "four-octet-as", asn: r.u32() };
    case CapabilityCode.ROLE:
      return fixed(code, len, 1) ?? { type: "role", role: r.u8() };
    case CapabilityCode.ADD_PATH: {
      // RFC 7911 §4: <AFI (2), SAFI (1), Send/Receive (1)>...
      if (len % 4 !== 0) return `ADD-PATH capability length ${len} is not a multiple of 4`;
      const families: { afi: number; safi: number; mode: AddPathMode }[] = [];
      while (!r.atEnd) {
        const afi = r.u16();
        const safi = r.u8();
        const mode = r.u8();
        if (mode < 1 || mode > 3) return `ADD-PATH Send/Receive value ${mode} is not 1..3`;
        families.push({ afi, safi, mode: mode as AddPathMode });
      }
      return { type: "add-path", families };
    }
    case CapabilityCode.GRACEFUL_RESTART: {
      // RFC 4724 §3: Restart Flags (4 bits), Restart Time (12 bits), then <AFI, SAFI, flags>...
      if (len < 2 || (len - 2) % 4 !== 0) return `graceful restart capability length ${len}`;
      const word = r.u16();
      const families: { afi: number; safi: number; flags: number }[] = [];
      while (!r.atEnd) families.push({ afi: r.u16(), safi: r.u8(), flags: r.u8() });
      return { type: "graceful-restart", flags: word >>> 12, restartTime: word & 0xfff, families };
    }
    case CapabilityCode.LONG_LIVED_GRACEFUL_RESTART: {
      // RFC 9494 §3: <AFI (2), SAFI (1), Flags (1), Long-lived Stale Time (3)>...
      if (len % 7 !== 0) return `long-lived graceful restart capability length ${len}`;
      const families: { afi: number; safi: number; flags: number; staleTime: number }[] = [];
      while (!r.atEnd) {
        const afi = r.u16();
        const safi = r.u8();
        const flags = r.u8();
        const staleTime = (r.u8() << 16) | r.u16();
        families.push({ afi, safi, flags, staleTime });
      }
      return { type: "long-lived-graceful-restart", families };
    }
    case CapabilityCode.FQDN: {
      // draft-walton-bgp-hostname-capability §3: hostname len/bytes, domain len/bytes.
      const text = new TextDecoder();
      const hostname = text.decode(r.bytesView(r.u8()));
      const domain = text.decode(r.bytesView(r.u8()));
      if (!r.atEnd) return `FQDN capability has ${r.remaining} trailing bytes`;
      return { type: "fqdn", hostname, domain };
    }
    default:
      return { type: "unknown", code, value: r.rest().slice() };
  }
}

/** Appends the encoding of each capability (code, length, value) to `w`. */
export function encodeCapabilities(caps: readonly Capability[], w: WireWriter): void {
  for (const c of caps) {
    w.u8(capabilityCode(c));
    const lenAt = w.pos;
    w.u8(0);
    encodeCapabilityValue(c, w);
    const len = w.pos - lenAt - 1;
    if (len > 255) throw new RangeError(`capability ${c.type} value is ${len} bytes (max 255)`);
    w.buf[lenAt] = len;
  }
}

export function capabilityCode(c: Capability): number {
  switch (c.type) {
    case "multiprotocol":
      return CapabilityCode.MULTIPROTOCOL;
    case "route-refresh":
      return CapabilityCode.ROUTE_REFRESH;
    case "enhanced-route-refresh":
      return CapabilityCode.ENHANCED_ROUTE_REFRESH;
    case "four-octet-as":
      return CapabilityCode.FOUR_OCTET_AS;
    case "extended-message":
      return CapabilityCode.EXTENDED_MESSAGE;
    case "add-path":
      return CapabilityCode.ADD_PATH;
    case "graceful-restart":
      return CapabilityCode.GRACEFUL_RESTART;
    case "long-lived-graceful-restart":
      return CapabilityCode.LONG_LIVED_GRACEFUL_RESTART;
    case "role":
      return CapabilityCode.ROLE;
    case "fqdn":
      return CapabilityCode.FQDN;
    case "unknown":
      return c.code;
  }
}

function encodeCapabilityValue(c: Capability, w: WireWriter): void {
  switch (c.type) {
    case "multiprotocol":
      w.u16(c.afi);
      w.u8(0);
      w.u8(c.safi);
      return;
    case "route-refresh":
    case "enhanced-route-refresh":
    case "extended-message":
      return;
    case "four-octet-as":
      w.u32(c.asn);
      return;
    case "add-path":
      for (const f of c.families) {
        w.u16(f.afi);
        w.u8(f.safi);
        w.u8(f.mode);
      }
      return;
    case "graceful-restart":
      w.u16(((c.flags & 0xf) << 12) | (c.restartTime & 0xfff));
      for (const f of c.families) {
        w.u16(f.afi);
        w.u8(f.safi);
        w.u8(f.flags);
      }
      return;
    case "long-lived-graceful-restart":
      for (const f of c.families) {
        w.u16(f.afi);
        w.u8(f.safi);
        w.u8(f.flags);
        w.u8(f.staleTime >>> 16);
        w.u16(f.staleTime & 0xffff);
      }
      return;
    case "role":
      w.u8(c.role);
      return;
    case "fqdn": {
      const enc = new TextEncoder();
      for (const s of [c.hostname, c.domain]) {
        const b = enc.encode(s);
        if (b.length > 255) throw new RangeError(`FQDN capability field is ${b.length} bytes`);
        w.u8(b.length);
        w.bytes(b);
      }
      return;
    }
    case "unknown":
      w.bytes(c.value);
      return;
  }
}
