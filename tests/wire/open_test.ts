import assert from "node:assert/strict";
import {
  checkBgpId,
  checkHoldTime,
  checkPeerAs,
  decodeMessage,
  decodeOpen,
  encodeOpenBody,
  negotiateCodecContext,
  type OpenMessage,
  peerAsOf,
  unsupportedCapabilityNotification,
} from "../../src/wire/mod.ts";
import { CTX2, M } from "./_vectors.ts";

function openBody(fields: {
  version?: number;
  holdTime?: number;
  bgpId?: number[];
  params?: number[];
}): Uint8Array {
  const params = fields.params ?? [];
  const h = fields.holdTime ?? 90;
  return new Uint8Array([
    fields.version ?? 4, // version
    0xfd,
    0xe9, // my AS: 65001
    h >> 8,
    h & 0xff, // hold time
    ...(fields.bgpId ?? [10, 0, 0, 1]), // BGP identifier
    params.length, // optional parameters length
    ...params, // optional parameters
  ]);
}

const ERROR_CASES: [string, Uint8Array, number, number[] | undefined][] = [
  ["version 3 -> Unsupported Version Number, data = 4", openBody({ version: 3 }), 1, [0, 4]],
  ["hold time 1 -> Unacceptable Hold Time", openBody({ holdTime: 1 }), 6, undefined],
  ["hold time 2 -> Unacceptable Hold Time", openBody({ holdTime: 2 }), 6, undefined],
  ["BGP identifier 0 -> Bad BGP Identifier", openBody({ bgpId: [0, 0, 0, 0] }), 3, undefined],
  [
    "authentication parameter (type 1) -> Unsupported Optional Parameter",
    openBody({ params: [0x01, 0x01, 0x00] }),
    4,
    undefined,
  ],
  [
    "parameter length overrunning -> Unspecific",
    openBody({ params: [0x02, 0x09, 0x02, 0x00] }),
    0,
    undefined,
  ],
  [
    "capability length overrunning its parameter -> Unspecific",
    openBody({ params: [0x02, 0x02, 0x41, 0x04] }),
    0,
    undefined,
  ],
  [
    "4-octet AS capability of length 2 -> Unspecific",
    openBody({ params: [0x02, 0x04, 0x41, 0x02, 0x00, 0x01] }),
    0,
    undefined,
  ],
];
for (const [name, body, subcode, data] of ERROR_CASES) {
  Deno.test(`decodeOpen() RFC 4271 §6.2: ${name}`, () => {
    const r = decodeOpen(body);
    assert.equal(r.type, "error");
    if (r.type !== "error") return;
    assert.equal(r.notification.code, 2);
    assert.equal(r.notification.subcode, subcode);
    if (data) assert.deepEqual([...r.notification.data], data);
  });
}

Deno.test("decodeOpen() accepts hold time 0 and capabilities spread over several parameters", () => {
  const r = decodeOpen(openBody({
    holdTime: 0,
    params: [
      0x02,
      0x06,
      0x01,
      0x04,
      0x00,
      0x01,
      0x00,
      0x01, // Capabilities: multiprotocol IPv4 unicast
      0x02,
      0x02,
      0x02,
      0x00, // Capabilities: route refresh
    ],
  }));
  assert.equal(r.type, "ok");
  if (r.type !== "ok") return;
  assert.equal(r.message.holdTime, 0);
  assert.deepEqual(r.message.capabilities, [
    { type: "multiprotocol", afi: 1, safi: 1 },
    { type: "route-refresh" },
  ]);
});

Deno.test("decodeMessage() maps a short OPEN to Bad Message Length", () => {
  const r = decodeMessage(new Uint8Array([...M, 0x00, 0x1c, 0x01, ...new Array(9).fill(0)]), CTX2);
  assert.equal(r.type, "error");
  if (r.type === "error") assert.deepEqual([r.notification.code, r.notification.subcode], [1, 2]);
});

const BASE: OpenMessage = {
  type: "open",
  version: 4,
  myAs: 23456,
  holdTime: 90,
  bgpId: 0x0a000001,
  capabilities: [{ type: "four-octet-as", asn: 4200000000 }],
};

Deno.test("OPEN helpers: peer AS from the 4-octet capability, peer AS and identifier checks", () => {
  assert.equal(peerAsOf(BASE), 4200000000);
  assert.equal(peerAsOf({ ...BASE, myAs: 65001, capabilities: [] }), 65001);
  assert.equal(checkPeerAs(BASE, 4200000000), undefined);
  assert.deepEqual(
    [checkPeerAs(BASE, 65001)?.code, checkPeerAs(BASE, 65001)?.subcode],
    [2, 2],
  );
  assert.equal(checkBgpId(BASE, 0x0a000001, false), undefined);
  assert.equal(checkBgpId(BASE, 0x0a000001, true)?.subcode, 3);
  assert.equal(checkHoldTime(BASE, 30), undefined);
  assert.equal(checkHoldTime({ ...BASE, holdTime: 10 }, 30)?.subcode, 6);
  assert.equal(checkHoldTime({ ...BASE, holdTime: 0 }, 30), undefined);
  const n = unsupportedCapabilityNotification([{ type: "multiprotocol", afi: 2, safi: 1 }]);
  assert.deepEqual([n.code, n.subcode, ...n.data], [2, 7, 1, 4, 0, 2, 0, 1]);
});

Deno.test("encodeOpenBody() keeps optional parameters other than capabilities", () => {
  const body = encodeOpenBody({
    ...BASE,
    otherParameters: [{ type: 1, value: new Uint8Array([9]) }],
  });
  const r = decodeOpen(body);
  // RFC 4271 §6.2: we do not support type 1 ourselves, so decoding refuses it.
  assert.equal(r.type, "error");
  assert.deepEqual([...body.subarray(9)], [11, 2, 6, 0x41, 4, 0xfa, 0x56, 0xea, 0, 1, 1, 9]);
});

Deno.test("negotiateCodecContext() needs both sides for 4-octet AS, extended message, ADD-PATH", () => {
  const local: OpenMessage = {
    ...BASE,
    capabilities: [
      { type: "four-octet-as", asn: 65001 },
      { type: "extended-message" },
      {
        type: "add-path",
        families: [{ afi: 1, safi: 1, mode: 3 }, { afi: 2, safi: 1, mode: 1 }],
      },
    ],
  };
  const remote: OpenMessage = {
    ...BASE,
    capabilities: [
      { type: "four-octet-as", asn: 65002 },
      { type: "add-path", families: [{ afi: 1, safi: 1, mode: 1 }, { afi: 2, safi: 1, mode: 2 }] },
    ],
  };
  const ctx = negotiateCodecContext(local, remote);
  assert.equal(ctx.fourOctetAs, true);
  assert.equal(ctx.extendedMessage, false);
  assert.deepEqual([...ctx.addPathSend], ["1/1"]);
  assert.deepEqual([...ctx.addPathReceive], ["2/1"]);
  const bare = negotiateCodecContext(local, { ...BASE, capabilities: [] });
  assert.equal(bare.fourOctetAs, false);
  assert.equal(bare.addPathSend.size + bare.addPathReceive.size, 0);
});
