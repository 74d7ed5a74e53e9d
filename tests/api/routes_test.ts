import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { parseKey } from "../../src/common/prefix_key.ts";
import { PortRange, rejection, withServer } from "./_server.ts";

const ports = new PortRange(25100, 25149);

/** Waits until `cond` holds (bounded). */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("AddRoute stores prefix, next hop and every v0.2 attribute (seed example)", async () => {
  await withServer(ports, async ({ client, control }) => {
    const r = await client.unary("AddRoute", {
      prefix: "10.0.0.0/24",
      nextHop: "192.168.1.1",
      origin: 0,
      asPath: [{ segmentType: 1, asns: [65001, 65002, 65003] }, { segmentType: 0, asns: [7, 8] }],
      localPref: 200,
      med: 0,
      atomicAggregate: true,
      communities: [(65001 << 16) | 100, 0xffffff01],
      extendedCommunities: [
        { twoOctetAs: { isTransitive: true, subType: 0x02, asn: 65001, localAdmin: 100 } },
        { color: { isTransitive: true, color: 7 } },
      ],
      largeCommunities: [{ globalAdmin: 65001, localData_1: 1, localData_2: 100 }],
    });
    assert.deepEqual([r.success, r.message], [true, "Route 10.0.0.0/24 added"]);
    const route = control.locRib.get(parseKey("10.0.0.0/24"))!;
    const p = route.paths[0]!;
    assert.equal(p.nextHop, "192.168.1.1");
    assert.equal(p.peer, null);
    assert.deepEqual(p.attributes, {
      origin: 0,
      asPath: [{ type: 2, asns: [65001, 65002, 65003] }, { type: 1, asns: [7, 8] }],
      localPref: 200,
      med: 0,
      atomicAggregate: true,
      communities: [0xfde90064, 0xffffff01],
      extendedCommunities: [
        0x0002fde900000064n, // type 0x00 transitive, sub-type 0x02 (RT), AS 65001, local 100
        0x030b000000000007n, // type 0x03, sub-type 0x0b (color), reserved, color 7
      ],
      largeCommunities: [[65001, 1, 100]],
    });
  });
});

Deno.test("AddRoute: an IPv6 route keeps its canonical next hop; unset local_pref stays unset", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddRoute", { prefix: "2001:db8::/32", nextHop: "2001:DB8:0::1" });
    const p = control.locRib.get(parseKey("2001:db8::/32"))!.paths[0]!;
    assert.equal(p.nextHop, "2001:db8::1");
    assert.equal(p.attributes.localPref, undefined);
    assert.equal(p.attributes.med, undefined);
    assert.deepEqual(p.attributes.asPath, []);
  });
});

Deno.test("AddRoute: bad prefix, next hop, origin, segment, community are INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client, control }) => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { prefix: "10.0.0.1/8", nextHop: "1.1.1.1" },
        'invalid prefix: "10.0.0.1/8": host bits set; did you mean 10.0.0.0/8?',
      ],
      [
        { prefix: "10.0.0.0", nextHop: "1.1.1.1" },
        'invalid prefix: "10.0.0.0" is not a prefix (missing /length)',
      ],
      [
        { prefix: "10.0.0.0/33", nextHop: "1.1.1.1" },
        'invalid prefix: "10.0.0.0/33": prefix length must be 0..32',
      ],
      [{ prefix: "10.0.0.0/8", nextHop: "" }, 'invalid next_hop: "" (a next hop is required)'],
      [
        { prefix: "10.0.0.0/8", nextHop: "1.1.1" },
        'invalid next_hop: "1.1.1" is not an IPv4 or IPv6 address',
      ],
      [
        { prefix: "10.0.0.0/8", nextHop: "1.1.1.1", origin: 3 },
        "invalid origin: 3 is not IGP (0), EGP (1) or INCOMPLETE (2)",
      ],
      [
        { prefix: "10.0.0.0/8", nextHop: "1.1.1.1", asPath: [{ segmentType: 4, asns: [1] }] },
        "invalid as_path[0].segment_type: 4 is not AS_SET (0) or AS_SEQUENCE (1)",
      ],
      [
        { prefix: "10.0.0.0/8", nextHop: "1.1.1.1", asPath: [{ segmentType: 1, asns: [] }] },
        "invalid as_path[0].asns: a segment holds 1 to 255 ASes, not 0",
      ],
      [
        {
          prefix: "10.0.0.0/8",
          nextHop: "1.1.1.1",
          extendedCommunities: [{
            twoOctetAs: { isTransitive: true, subType: 2, asn: 70000, localAdmin: 1 },
          }],
        },
        "invalid extended_communities[0].two_octet_as.asn: 70000 is out of range 0..65535",
      ],
      [
        { prefix: "10.0.0.0/8", nextHop: "1.1.1.1", extendedCommunities: [{}] },
        "invalid extended_communities[0]: no community set (one of two_octet_as ... unknown is required)",
      ],
      [
        {
          prefix: "10.0.0.0/8",
          nextHop: "1.1.1.1",
          extendedCommunities: [{
            routerMac: { isTransitive: true, macAddress: new Uint8Array(5) },
          }],
        },
        "invalid extended_communities[0].router_mac.mac_address: 5 bytes (must be 6)",
      ],
    ];
    for (const [req, message] of cases) {
      const e = await rejection(client.unary("AddRoute", req));
      assert.equal(e.code, status.INVALID_ARGUMENT, message);
      assert.equal(e.details, message);
    }
    assert.equal(control.locRib.size, 0);
  });
});

Deno.test("AddRouteStream counts applied routes and skips invalid ones with the first reason", async () => {
  await withServer(ports, async ({ client, control }) => {
    const reqs = Array.from({ length: 1000 }, (_, i) => ({
      prefix: i === 500 ? "bad" : `10.${i >> 8}.${i & 255}.0/24`,
      nextHop: "192.168.1.1",
      origin: 0,
    }));
    const r = await client.clientStream("AddRouteStream", reqs);
    assert.equal(r.count, 999);
    assert.equal(
      r.message,
      '999 routes added; 1 skipped (first: invalid prefix: "bad" is not a prefix (missing /length))',
    );
    assert.equal(control.locRib.size, 999);
    assert.equal(control.locRib.get(parseKey("10.3.231.0/24"))!.paths[0]!.nextHop, "192.168.1.1");
  });
});

Deno.test("AddRouteStream applies routes as they arrive, before the client half-closes", async () => {
  await withServer(ports, async ({ client, control }) => {
    const { call, response } = client.clientStreamCall("AddRouteStream");
    for (let i = 0; i < 100; i++) call.write({ prefix: `10.0.${i}.0/24`, nextHop: "10.255.0.1" });
    // The stream is still open: the routes must already be in the RIB.
    await until(() => control.routesAdded === 100);
    assert.equal(control.locRib.size, 100);
    call.write({ prefix: "10.1.0.0/24", nextHop: "10.255.0.1" });
    call.end();
    const r = await response;
    assert.equal(r.count, 101);
    assert.equal(r.message, "101 routes added");
  });
});

Deno.test("RemoveRoute is idempotent; a bad prefix is INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddRoute", { prefix: "10.0.0.0/24", nextHop: "1.1.1.1" });
    let r = await client.unary("RemoveRoute", { prefix: "10.0.0.0/24" });
    assert.deepEqual([r.success, r.message], [true, "Route 10.0.0.0/24 removed"]);
    r = await client.unary("RemoveRoute", { prefix: "10.0.0.0/24" });
    assert.deepEqual([r.success, r.message], [true, "Route 10.0.0.0/24 not present"]);
    assert.equal(control.locRib.size, 0);
    const e = await rejection(client.unary("RemoveRoute", { prefix: "10.0.0.0/99" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(e.details, 'invalid prefix: "10.0.0.0/99": prefix length must be 0..32');
  });
});

Deno.test("ListRoutes GLOBAL returns paths with attributes; local paths show 127.0.0.1", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddRoute", {
      prefix: "10.0.0.0/24",
      nextHop: "192.168.1.1",
      localPref: 200,
      communities: [0xffffff01],
      largeCommunities: [{ globalAdmin: 1, localData_1: 2, localData_2: 3 }],
    });
    control.putRoute(parseKey("2001:db8::/48"), {
      nextHop: "2001:db8::2",
      peer: "2001:db8::2",
      attributes: {
        origin: 2,
        asPath: [{ type: 2, asns: [65002] }, { type: 3, asns: [1] }],
        med: 5,
        extendedCommunities: [0x4300000000000000n, 0x0104c00002010064n, 0x0004fde94b3ebc20n],
        unknown: [{ flags: 0xc0, code: 99, value: Uint8Array.of(1, 2) }],
      },
    });
    for (const req of [{}, { ribType: 0 }]) {
      const routes = (await client.unary("ListRoutes", req)).routes;
      assert.deepEqual(routes.map((r) => r.prefix), ["10.0.0.0/24", "2001:db8::/48"]);
      const local = routes[0]!.paths[0]!;
      assert.equal(local.peerAddress, "127.0.0.1");
      assert.equal(local.nextHop, "192.168.1.1");
      assert.equal(local.localPref, 200);
      assert.equal(local.med, null);
      assert.deepEqual(local.communities, [0xffffff01]);
      assert.equal(local.largeCommunities[0]!.localData_2, 3);
      const learned = routes[1]!.paths[0]!;
      assert.equal(learned.peerAddress, "2001:db8::2");
      assert.equal(learned.origin, 2);
      assert.equal(learned.med, 5);
      assert.equal(learned.localPref, null);
      // Confederation segments are not shown (bgpgg).
      assert.deepEqual(learned.asPath.map((s) => [s.segmentType, s.asns]), [[1, [65002]]]);
      const [opaque, ipv4, lb] = learned.extendedCommunities;
      // 0x43/0x00 (RFC 8097 origin validation) reads as a non-transitive opaque, as in bgpgg.
      assert.equal(opaque!.opaque!.isTransitive, false);
      assert.deepEqual([...opaque!.opaque!.value], [0, 0, 0, 0, 0, 0]);
      assert.equal(ipv4!.ipv4Address!.address, "192.0.2.1");
      assert.equal(ipv4!.ipv4Address!.subType, 4);
      assert.equal(ipv4!.ipv4Address!.localAdmin, 100);
      assert.equal(lb!.linkBandwidth!.asn, 65001);
      assert.equal(lb!.linkBandwidth!.bandwidth, 12500000);
      assert.deepEqual(
        learned.unknownAttributes.map((u) => [u.attrType, u.flags, [...u.value]]),
        [[99, 0xc0, [1, 2]]],
      );
    }
  });
});

Deno.test("ListRoutes ADJ_IN / ADJ_OUT read one peer's tables, addressed as IP or IP:PORT", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "192.168.1.2:17900" });
    const path = {
      nextHop: "192.168.1.2",
      peer: "192.168.1.2",
      attributes: { origin: 0 as const },
    };
    control.putAdjRoute("192.168.1.2", "adj-in", {
      prefix: parseKey("10.1.0.0/16"),
      paths: [path],
    });
    control.putAdjRoute("192.168.1.2", "adj-out", {
      prefix: parseKey("10.2.0.0/16"),
      paths: [path],
    });
    const inRoutes = await client.unary("ListRoutes", {
      ribType: 1,
      peerAddress: "192.168.1.2:17900",
    });
    assert.deepEqual(inRoutes.routes.map((r) => r.prefix), ["10.1.0.0/16"]);
    const outRoutes = await client.serverStream("ListRoutesStream", {
      ribType: 2,
      peerAddress: "192.168.1.2",
    });
    assert.deepEqual(outRoutes.map((r) => r.prefix), ["10.2.0.0/16"]);
  });
});

Deno.test("ListRoutes errors: ADJ_IN without a peer, a bad peer, an unknown peer, a bad rib_type", async () => {
  await withServer(ports, async ({ client }) => {
    for (const rpc of ["ListRoutes", "ListRoutesStream"] as const) {
      const call = (req: Record<string, unknown>) =>
        rpc === "ListRoutes" ? client.unary(rpc, req) : client.serverStream(rpc, req);
      let e = await rejection(call({ ribType: 1 }));
      assert.equal(e.code, status.INVALID_ARGUMENT);
      assert.equal(e.details, 'invalid peer_address: "" (required for ADJ_IN)');
      e = await rejection(call({ ribType: 2, peerAddress: "nope" }));
      assert.equal(e.code, status.INVALID_ARGUMENT);
      assert.match(e.details, /^invalid peer_address: "nope"/);
      e = await rejection(call({ ribType: 1, peerAddress: "10.9.9.9" }));
      assert.equal(e.code, status.NOT_FOUND);
      assert.equal(e.details, "peer 10.9.9.9 not found");
      e = await rejection(call({ ribType: 7 }));
      assert.equal(e.code, status.INVALID_ARGUMENT);
      assert.equal(e.details, "invalid rib_type: 7 is not GLOBAL (0), ADJ_IN (1) or ADJ_OUT (2)");
    }
  });
});

Deno.test("ListRoutesStream streams a large table in order, chunk by chunk", async () => {
  await withServer(ports, async ({ client, control }) => {
    const n = 20_000;
    await client.clientStream(
      "AddRouteStream",
      Array.from(
        { length: n },
        (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24`, nextHop: "10.255.0.1" }),
      ),
    );
    const routes = await client.serverStream("ListRoutesStream", {});
    assert.equal(routes.length, n);
    assert.equal(routes[n - 1]!.prefix, `10.${(n - 1) >> 8}.${(n - 1) & 255}.0/24`);
    assert.equal(control.chunksServed, n / control.chunkSize);
  });
});

Deno.test("ListRoutesStream pulls chunks only as the client reads (backpressure) and stops on cancel", async () => {
  await withServer(ports, async ({ client, control }) => {
    const n = 200_000;
    control.chunkSize = 1000;
    for (let i = 0; i < n; i++) {
      control.putRoute(i * 256 * 64 + 24, {
        nextHop: "10.255.0.1",
        peer: null,
        attributes: {
          origin: 0,
          asPath: [{ type: 2, asns: [65001, 65002, 65003] }],
          communities: [1, 2, 3],
        },
      });
    }
    const call = client.serverStreamCall("ListRoutesStream", {});
    let received = 0;
    call.on("data", () => {
      if (++received === 1) call.pause();
    });
    call.on("error", () => {});
    await until(() => received > 0);
    await new Promise((r) => setTimeout(r, 300));
    const servedWhilePaused = control.chunksServed;
    // HTTP/2 windows and socket buffers hold a little; the table (200 chunks) is not read.
    assert.ok(
      servedWhilePaused < 60,
      `server pulled ${servedWhilePaused} of 200 chunks while paused`,
    );
    call.cancel();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(
      control.chunksServed < 200,
      `server kept reading after cancel (${control.chunksServed})`,
    );
  });
});
