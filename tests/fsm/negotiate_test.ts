/**
 * OPEN checks (RFC 4271 §6.2 and its updates) and capability negotiation (RFC 5492).
 */
import assert from "node:assert/strict";
import {
  AS_TRANS,
  buildOpen,
  checkOpen,
  type LocalConfig,
  type Negotiated,
  type OpenCheck,
} from "../../src/fsm/mod.ts";
import type { AddPathMode, Capability, OpenMessage } from "../../src/wire/types.ts";
import { CONFIG, peerOpen } from "./_fixtures.ts";

const V4 = { afi: 1, safi: 1 };
const V6 = { afi: 2, safi: 1 };

function local(patch: Partial<LocalConfig> = {}): LocalConfig {
  return { ...CONFIG, ...patch };
}

/** Our configuration without an expected peer AS. */
function anyAs(): LocalConfig {
  const { peerAs: _ignored, ...rest } = CONFIG;
  return rest;
}

function ok(check: OpenCheck): Negotiated {
  if (!check.ok) assert.fail(`expected success, got ${check.reason}`);
  return check.negotiated;
}

function err(check: OpenCheck): [number, number, number[]] {
  if (check.ok) assert.fail("expected an OPEN error");
  return [check.notification.code, check.notification.subcode, [...check.notification.data]];
}

function withCaps(caps: readonly Capability[], patch: Partial<OpenMessage> = {}): OpenMessage {
  return peerOpen({ capabilities: caps, ...patch });
}

// ---------------------------------------------------------------- each OPEN error subcode

Deno.test("checkOpen() rejects version 3 with Unsupported Version Number and our version (RFC 4271 §6.2)", () => {
  assert.deepEqual(err(checkOpen(local(), peerOpen({ version: 3 }))), [
    2, // Error Code: OPEN Message Error
    1, // Subcode: Unsupported Version Number
    [0x00, 0x04], // Data: largest locally supported version, 2 octets = 4
  ]);
});

Deno.test("checkOpen() rejects an unexpected peer AS with Bad Peer AS (RFC 4271 §6.2)", () => {
  const open = withCaps([{ type: "four-octet-as", asn: 65099 }], { myAs: 65099 });
  assert.deepEqual(err(checkOpen(local(), open)), [2, 2, []]);
});

Deno.test("checkOpen() rejects AS 0 with Bad Peer AS even without an expected AS (RFC 7607 §2)", () => {
  const noExpected = anyAs();
  assert.deepEqual(err(checkOpen(noExpected, withCaps([], { myAs: 0 }))), [2, 2, []]);
  const capZero = withCaps([{ type: "four-octet-as", asn: 0 }], { myAs: AS_TRANS });
  assert.deepEqual(err(checkOpen(noExpected, capZero)), [2, 2, []]);
});

Deno.test("checkOpen() rejects hold times 1 and 2 with Unacceptable Hold Time (RFC 4271 §6.2)", () => {
  for (const holdTime of [1, 2]) {
    assert.deepEqual(err(checkOpen(local(), peerOpen({ holdTime }))), [2, 6, []]);
  }
  for (const holdTime of [0, 3, 65535]) ok(checkOpen(local(), peerOpen({ holdTime })));
});

Deno.test("checkOpen() rejects BGP Identifier 0 with Bad BGP Identifier (RFC 6286 §2.2)", () => {
  assert.deepEqual(err(checkOpen(local(), peerOpen({ bgpId: 0 }))), [2, 3, []]);
});

Deno.test("checkOpen() rejects our own BGP Identifier from an iBGP peer only (RFC 6286 §2.2)", () => {
  const ibgp = local({ peerAs: 65001 });
  const sameId = withCaps([{ type: "four-octet-as", asn: 65001 }], {
    myAs: 65001,
    bgpId: CONFIG.bgpId,
  });
  assert.deepEqual(err(checkOpen(ibgp, sameId)), [2, 3, []]);
  // eBGP: RFC 6286 §2.2 only requires AS-wide uniqueness.
  const ebgp = ok(checkOpen(local(), peerOpen({ bgpId: CONFIG.bgpId })));
  assert.equal(ebgp.ibgp, false);
});

Deno.test("checkOpen() rejects a missing required capability with Unsupported Capability and its TLV (RFC 5492 §5)", () => {
  const cfg = local({
    requiredCapabilities: [{ code: 1, afi: 2, safi: 1 }, { code: 70 }, { code: 2 }],
  });
  const open = withCaps([{ type: "multiprotocol", ...V4 }, { type: "route-refresh" }]);
  // deno-fmt-ignore
  assert.deepEqual(err(checkOpen(cfg, open)), [
    2, // Error Code: 2 OPEN Message Error
    7, // Subcode: 7 Unsupported Capability
    [
      0x01,       // Capability Code: 1 Multiprotocol Extensions
      0x04,       // Capability Length: 4
      0x00, 0x02, // AFI: 2 (IPv6)
      0x00,       // Reserved
      0x01,       // SAFI: 1 (unicast)
      0x46,       // Capability Code: 70 Enhanced Route Refresh
      0x00,       // Capability Length: 0
    ],
  ]);
});

Deno.test("checkOpen() rejects an RFC 9234 role mismatch with Role Mismatch (subcode 11)", () => {
  const provider = local({ role: 0 });
  const roleCap = (role: number): Capability => ({ type: "role", role });
  const base = peerOpen().capabilities;
  // Provider-Customer is the allowed pair; Provider-Peer is not.
  const n = ok(checkOpen(provider, withCaps([...base, roleCap(3)])));
  assert.deepEqual(n.role, { local: 0, peer: 3 });
  assert.deepEqual(err(checkOpen(provider, withCaps([...base, roleCap(4)]))), [2, 11, []]);
  // RFC 9234 §4.2: two different roles are a mismatch; the same role twice is one role.
  assert.deepEqual(err(checkOpen(provider, withCaps([...base, roleCap(3), roleCap(4)]))), [
    2,
    11,
    [],
  ]);
  ok(checkOpen(provider, withCaps([...base, roleCap(3), roleCap(3)])));
  // Strict mode requires the peer to send a role; lenient mode does not.
  ok(checkOpen(provider, withCaps(base)));
  assert.deepEqual(err(checkOpen(local({ role: 0, strictRole: true }), withCaps(base))), [
    2,
    11,
    [],
  ]);
});

// ---------------------------------------------------------------- hold time

Deno.test("checkOpen() negotiates the smaller hold time and one third of it as keepalive (RFC 4271 §4.2, §10)", () => {
  const cases: [ours: number, theirs: number, hold: number, keepalive: number][] = [
    [90, 180, 90, 30],
    [180, 30, 30, 10],
    [90, 0, 0, 0], // 0 disables both timers
    [0, 90, 0, 0],
    [90, 3, 3, 1],
    [90, 4, 4, 1], // rounded down
  ];
  for (const [ours, theirs, hold, keepalive] of cases) {
    const n = ok(checkOpen(local({ holdTimeSecs: ours }), peerOpen({ holdTime: theirs })));
    assert.deepEqual([n.holdTimeSecs, n.keepaliveTimeSecs], [hold, keepalive], `${ours}/${theirs}`);
  }
});

// ---------------------------------------------------------------- families

Deno.test("checkOpen() negotiates the intersection of families (RFC 4760 §8)", () => {
  const mp = (...fs: { afi: number; safi: number }[]): Capability[] =>
    fs.map((f) => ({ type: "multiprotocol", ...f }));
  const cases: [ours: { afi: number; safi: number }[], theirs: Capability[], expected: unknown][] =
    [
      [[V4, V6], mp(V4, V6), [V4, V6]],
      [[V4, V6], mp(V6), [V6]],
      [[V6], mp(V4), []],
      // No Multiprotocol capability at all means IPv4 unicast only.
      [[V4, V6], [], [V4]],
      [[], mp(V4, V6), [V4]],
      [[V6, V4], mp({ afi: 1, safi: 2 }, V4, V6), [V6, V4]], // our order; multicast dropped
    ];
  for (const [ours, theirs, expected] of cases) {
    const n = ok(checkOpen(local({ families: ours }), withCaps(theirs)));
    assert.deepEqual(n.families, expected);
  }
});

// ---------------------------------------------------------------- ADD-PATH

Deno.test("checkOpen() derives ADD-PATH directions per family from both Send/Receive fields (RFC 7911 §4)", () => {
  type Ours = { receive: boolean; send: boolean };
  // [ours, their mode (0 = no capability), expected receive, expected send]
  const matrix: [Ours, 0 | AddPathMode, boolean, boolean][] = [
    [{ receive: true, send: false }, 0, false, false],
    [{ receive: true, send: false }, 1, false, false], // both only receive
    [{ receive: true, send: false }, 2, true, false], // we receive, they send
    [{ receive: true, send: false }, 3, true, false],
    [{ receive: false, send: true }, 1, false, true], // we send, they receive
    [{ receive: false, send: true }, 2, false, false], // both only send
    [{ receive: false, send: true }, 3, false, true],
    [{ receive: true, send: true }, 1, false, true],
    [{ receive: true, send: true }, 2, true, false],
    [{ receive: true, send: true }, 3, true, true],
    [{ receive: false, send: false }, 3, false, false],
  ];
  for (const [ours, mode, receive, send] of matrix) {
    const caps: Capability[] = [{ type: "multiprotocol", ...V4 }, { type: "multiprotocol", ...V6 }];
    if (mode !== 0) caps.push({ type: "add-path", families: [{ ...V6, mode }] });
    const n = ok(checkOpen(local({ addPath: [{ ...V6, ...ours }] }), withCaps(caps)));
    const label = `ours ${JSON.stringify(ours)} theirs ${mode}`;
    const v6 = n.addPath.find((a) => a.afi === 2);
    assert.deepEqual([v6?.receive ?? false, v6?.send ?? false], [receive, send], label);
    assert.equal(n.codec.addPathReceive.has("2/1"), receive, label);
    assert.equal(n.codec.addPathSend.has("2/1"), send, label);
    // IPv4 had no ADD-PATH on either side.
    assert.equal(n.addPath.some((a) => a.afi === 1), false, label);
  }
});

Deno.test("checkOpen() ignores ADD-PATH for a family that was not negotiated (RFC 7911 §4)", () => {
  const caps: Capability[] = [
    { type: "multiprotocol", ...V4 },
    { type: "add-path", families: [{ ...V6, mode: 3 }] },
  ];
  const n = ok(
    checkOpen(local({ addPath: [{ ...V6, receive: true, send: true }] }), withCaps(caps)),
  );
  assert.deepEqual(n.addPath, []);
});

// ---------------------------------------------------------------- 4-octet AS and AS_TRANS

Deno.test("checkOpen() takes a 4-octet peer AS from the capability when My AS is AS_TRANS (RFC 6793 §4.1)", () => {
  const big = 4_200_000_001;
  const open = withCaps([{ type: "multiprotocol", ...V4 }, { type: "four-octet-as", asn: big }], {
    myAs: AS_TRANS,
  });
  const n = ok(checkOpen(local({ peerAs: big }), open));
  assert.equal(n.peerAs, big);
  assert.equal(n.fourOctetAs, true);
  assert.equal(n.codec.fourOctetAs, true);
});

Deno.test("checkOpen() refuses AS_TRANS without the 4-octet capability when a 4-octet AS is expected", () => {
  const open = withCaps([{ type: "multiprotocol", ...V4 }], { myAs: AS_TRANS });
  assert.deepEqual(err(checkOpen(local({ peerAs: 4_200_000_001 }), open)), [2, 2, []]);
  // Without an expected AS the peer is simply AS 23456 on a 2-octet session.
  const n = ok(checkOpen(anyAs(), open));
  assert.equal(n.peerAs, AS_TRANS);
  assert.equal(n.fourOctetAs, false);
});

Deno.test("checkOpen() ignores the peer's 4-octet capability when we do not speak it (RFC 6793 §4.1)", () => {
  const open = withCaps([{ type: "four-octet-as", asn: 65002 }], { myAs: 65002 });
  const n = ok(checkOpen(local({ fourOctetAs: false }), open));
  assert.equal(n.fourOctetAs, false);
  assert.equal(n.peerAs, 65002);
});

Deno.test("buildOpen() puts AS_TRANS in My AS and the real AS in the capability for a 4-octet AS (RFC 6793 §4.1)", () => {
  const open = buildOpen(local({ asn: 4_200_000_001 }));
  assert.equal(open.myAs, AS_TRANS);
  assert.deepEqual(open.capabilities.find((c) => c.type === "four-octet-as"), {
    type: "four-octet-as",
    asn: 4_200_000_001,
  });
  assert.equal(buildOpen(local()).myAs, 65001);
});

// ---------------------------------------------------------------- other capabilities

Deno.test("checkOpen() agrees route refresh, enhanced route refresh and extended messages only when both send them", () => {
  const both: Capability[] = [
    { type: "route-refresh" },
    { type: "enhanced-route-refresh" },
    { type: "extended-message" },
  ];
  const n = ok(checkOpen(local({ extendedMessage: true }), withCaps(both)));
  assert.deepEqual([n.routeRefresh, n.enhancedRouteRefresh, n.extendedMessage], [true, true, true]);
  assert.equal(n.codec.extendedMessage, true);
  // We did not enable extended messages (default) → not negotiated.
  assert.equal(ok(checkOpen(local(), withCaps(both))).extendedMessage, false);
  // They sent none.
  const none = ok(checkOpen(local({ extendedMessage: true }), withCaps([])));
  assert.deepEqual([none.routeRefresh, none.enhancedRouteRefresh, none.extendedMessage], [
    false,
    false,
    false,
  ]);
  // RFC 2918 §2: the pre-standard code 128 also counts as route refresh.
  const old = ok(
    checkOpen(local(), withCaps([{ type: "unknown", code: 128, value: new Uint8Array() }])),
  );
  assert.equal(old.routeRefresh, true);
});

Deno.test("checkOpen() reports the peer's graceful restart time and per-family flags when both advertise GR (RFC 4724 §3)", () => {
  const gr: Capability = {
    type: "graceful-restart",
    flags: 0x8 | 0x4, // R and N bits
    restartTime: 120,
    families: [{ ...V4, flags: 0x80 }, { ...V6, flags: 0 }, { afi: 1, safi: 2, flags: 0x80 }],
  };
  const caps: Capability[] = [
    { type: "multiprotocol", ...V4 },
    { type: "multiprotocol", ...V6 },
    gr,
  ];
  const n = ok(checkOpen(local({ gracefulRestart: { restartTimeSecs: 90 } }), withCaps(caps)));
  assert.deepEqual(n.gracefulRestart, {
    restartTimeSecs: 120,
    restartState: true,
    notification: true,
    families: [{ ...V4, forwardingPreserved: true }, { ...V6, forwardingPreserved: false }],
  });
  // Without GR on our side nothing is negotiated.
  assert.equal(ok(checkOpen(local(), withCaps(caps))).gracefulRestart, undefined);
});

Deno.test("checkOpen() reports LLGR stale times only together with GR (RFC 9494 §2)", () => {
  const caps: Capability[] = [
    { type: "multiprotocol", ...V4 },
    { type: "graceful-restart", flags: 0, restartTime: 120, families: [] },
    { type: "long-lived-graceful-restart", families: [{ ...V4, flags: 0x80, staleTime: 3600 }] },
  ];
  const cfg = local({
    gracefulRestart: { restartTimeSecs: 120 },
    llgr: { families: [{ ...V4, staleTimeSecs: 600 }] },
  });
  assert.deepEqual(ok(checkOpen(cfg, withCaps(caps))).llgr, {
    families: [{ ...V4, staleTimeSecs: 3600, forwardingPreserved: true }],
  });
  const noGr = local({ llgr: { families: [{ ...V4, staleTimeSecs: 600 }] } });
  assert.equal(ok(checkOpen(noGr, withCaps(caps))).llgr, undefined);
});

Deno.test("checkOpen() marks a session internal when the peer AS equals ours (RFC 4271 §8.2.2)", () => {
  const open = withCaps([{ type: "four-octet-as", asn: 65001 }], { myAs: 65001 });
  assert.equal(ok(checkOpen(anyAs(), open)).ibgp, true);
  assert.equal(ok(checkOpen(local(), peerOpen())).ibgp, false);
});

Deno.test("buildOpen() lists capabilities from the configuration (RFC 5492)", () => {
  const open = buildOpen(local({
    extendedMessage: true,
    addPath: [{ ...V6, receive: true, send: false }, { ...V4, receive: false, send: false }],
    gracefulRestart: {
      restartTimeSecs: 5000,
      notification: true,
      families: [{ ...V4, forwardingPreserved: true }],
    },
    llgr: { families: [{ ...V4, staleTimeSecs: 0x1000000 }] },
    role: 3,
    fqdn: { hostname: "edge1", domain: "example.net" },
  }));
  assert.deepEqual(open, {
    type: "open",
    version: 4,
    myAs: 65001,
    holdTime: 90,
    bgpId: 0x01010101,
    capabilities: [
      { type: "multiprotocol", afi: 1, safi: 1 },
      { type: "multiprotocol", afi: 2, safi: 1 },
      { type: "route-refresh" },
      { type: "enhanced-route-refresh" },
      { type: "four-octet-as", asn: 65001 },
      { type: "extended-message" },
      { type: "add-path", families: [{ afi: 2, safi: 1, mode: 1 }] }, // IPv4 offers nothing
      {
        type: "graceful-restart",
        flags: 0x4, // N bit
        restartTime: 0xfff, // capped to 12 bits
        families: [{ afi: 1, safi: 1, flags: 0x80 }],
      },
      {
        type: "long-lived-graceful-restart",
        families: [{ afi: 1, safi: 1, flags: 0, staleTime: 0xffffff }], // capped to 24 bits
      },
      { type: "role", role: 3 },
      { type: "fqdn", hostname: "edge1", domain: "example.net" },
    ],
  });
  // Route refresh off also removes enhanced route refresh (RFC 7313 §3).
  const bare = buildOpen(local({ routeRefresh: false, fourOctetAs: false }));
  assert.deepEqual(bare.capabilities.map((c) => c.type), ["multiprotocol", "multiprotocol"]);
});
