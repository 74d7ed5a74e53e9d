/**
 * The FSM builds and checks messages without calling the codec (it depends on
 * src/wire/types.ts only), so a few facts exist twice. These tests pin both copies together:
 * code points, Shutdown Communication bytes, the negotiated CodecContext, and that every
 * message the FSM emits survives the codec's encode → decode round trip.
 */
import assert from "node:assert/strict";
import {
  administrativeReset,
  administrativeShutdown,
  buildOpen,
  checkOpen,
  type LocalConfig,
} from "../../src/fsm/mod.ts";
import * as fsmNegotiate from "../../src/fsm/negotiate.ts";
import * as fsmCodes from "../../src/fsm/notification.ts";
import { encodeRequiredCapabilities } from "../../src/fsm/negotiate.ts";
import * as wire from "../../src/wire/mod.ts";
import type { AddPathMode, BgpMessage, Capability } from "../../src/wire/types.ts";
import { CONFIG, peerOpen } from "./_fixtures.ts";

const CTX = wire.DEFAULT_CODEC_CONTEXT;

function assertSubset(name: string, mine: Record<string, number>, theirs: Record<string, number>) {
  for (const [key, value] of Object.entries(mine)) {
    assert.equal(theirs[key], value, `${name}.${key}`);
  }
}

Deno.test("fsm code points are a subset of src/wire/iana.ts with the same names and values", () => {
  assertSubset("NotificationCode", fsmCodes.NotificationCode, wire.NotificationCode);
  assertSubset(
    "OpenMessageErrorSubcode",
    fsmCodes.OpenMessageErrorSubcode,
    wire.OpenMessageErrorSubcode,
  );
  assertSubset("FsmErrorSubcode", fsmCodes.FsmErrorSubcode, wire.FsmErrorSubcode);
  assertSubset("CeaseSubcode", fsmCodes.CeaseSubcode, wire.CeaseSubcode);
  assertSubset("CapabilityCode", fsmNegotiate.CapabilityCode, wire.CapabilityCode);
  assert.equal(fsmNegotiate.AS_TRANS, wire.AS_TRANS);
  assert.equal(fsmNegotiate.BGP_VERSION, wire.BGP_VERSION);
});

Deno.test("administrativeShutdown() encodes the same bytes as the codec's shutdownNotification()", () => {
  const texts = ["maintenance", "Möve 😀", "x".repeat(300), "a".repeat(253) + "€" + "x"];
  for (const text of texts) {
    assert.deepEqual(administrativeShutdown(text), wire.shutdownNotification(text));
    assert.deepEqual(
      administrativeReset(text),
      wire.shutdownNotification(text, wire.CeaseSubcode.ADMINISTRATIVE_RESET),
    );
    const decoded = wire.decodeShutdownCommunication(administrativeShutdown(text));
    assert.equal(decoded.type, "message");
  }
});

Deno.test("encodeRequiredCapabilities() matches the codec's Unsupported Capability data (RFC 5492 §5)", () => {
  const ours = encodeRequiredCapabilities([{ code: 1, afi: 2, safi: 1 }, { code: 70 }]);
  const theirs = wire.unsupportedCapabilityNotification([
    { type: "multiprotocol", afi: 2, safi: 1 },
    { type: "enhanced-route-refresh" },
  ]);
  assert.deepEqual([...ours], [...theirs.data]);
});

function roundTrip(m: BgpMessage): BgpMessage {
  const decoded = wire.decodeMessage(wire.encodeMessage(m, CTX), CTX);
  if (decoded.type === "error") assert.fail(JSON.stringify(decoded));
  assert.equal(decoded.type, m.type);
  return decoded.message;
}

Deno.test("buildOpen() output survives the codec's encode → decode round trip", () => {
  const cfgs: LocalConfig[] = [
    CONFIG,
    { ...CONFIG, asn: 4_200_000_001, fourOctetAs: true },
    {
      ...CONFIG,
      extendedMessage: true,
      addPath: [{ afi: 1, safi: 1, receive: true, send: true }],
      gracefulRestart: {
        restartTimeSecs: 120,
        families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
      },
      llgr: { families: [{ afi: 1, safi: 1, staleTimeSecs: 3600 }] },
      role: 4,
      fqdn: { hostname: "edge1", domain: "example.net" },
    },
  ];
  for (const cfg of cfgs) {
    const open = buildOpen(cfg);
    assert.deepEqual(roundTrip(open), open);
  }
});

Deno.test("checkOpen() NOTIFICATIONs survive the codec's encode → decode round trip", () => {
  const bad = [
    peerOpen({ version: 3 }),
    peerOpen({ holdTime: 1 }),
    peerOpen({ bgpId: 0 }),
    peerOpen({ capabilities: [{ type: "four-octet-as", asn: 65099 }], myAs: 65099 }),
  ];
  for (const open of bad) {
    const check = checkOpen(CONFIG, open);
    assert.equal(check.ok, false);
    if (!check.ok) assert.deepEqual(roundTrip(check.notification), check.notification);
  }
});

Deno.test("checkOpen()'s CodecContext equals the codec's negotiateCodecContext() for the same OPENs", () => {
  const modes: (0 | AddPathMode)[] = [0, 1, 2, 3];
  for (const ours of modes) {
    for (const theirs of modes) {
      const cfg: LocalConfig = {
        ...CONFIG,
        extendedMessage: ours === 3,
        addPath: [{ afi: 2, safi: 1, receive: (ours & 1) !== 0, send: (ours & 2) !== 0 }],
      };
      const caps: Capability[] = [...peerOpen().capabilities];
      if (theirs !== 0) {
        caps.push({ type: "add-path", families: [{ afi: 2, safi: 1, mode: theirs }] });
      }
      if (theirs === 3) caps.push({ type: "extended-message" });
      const remote = peerOpen({ capabilities: caps });
      const check = checkOpen(cfg, remote);
      assert.ok(check.ok);
      if (!check.ok) continue;
      const expected = wire.negotiateCodecContext(buildOpen(cfg), remote);
      assert.deepEqual(check.negotiated.codec, expected, `ours ${ours} theirs ${theirs}`);
    }
  }
});
