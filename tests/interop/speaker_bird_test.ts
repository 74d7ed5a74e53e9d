/**
 * edgebgp against a real BIRD 2 (Debian bird2), each in its own network namespace joined by a
 * veth pair. Sessions come up in both directions, IPv4 and IPv6 unicast are negotiated, BIRD's
 * routes reach edgebgp (its debug log), and Administrative Shutdown messages (RFC 8203) are
 * understood both ways. Under CI=true a missing bird or missing root fails the test.
 */
import assert from "node:assert/strict";
import { BIRD, Bird, BIRDC } from "../_helpers/bird.ts";
import { EdgebgpNs } from "../_helpers/edgebgp_ns.ts";
import { createNsPair, poll, requireNetns } from "../_helpers/netns.ts";

Deno.test("interop bird: edgebgp dials; v4+v6 routes arrive; shutdown messages both ways", async () => {
  requireNetns([BIRD, BIRDC]);
  const pair = await createNsPair("ebgp-spk", 3);
  const { a, b } = pair;
  let bird: Bird | undefined;
  let edge: EdgebgpNs | undefined;
  try {
    bird = await Bird.start({
      ns: b.ns,
      asn: 65003,
      routerId: b.v4,
      routes: ["10.3.0.0/24", "2001:db8:3::/48"],
      neighbors: [{
        name: "edge",
        localAddress: b.v4,
        address: a.v4,
        peerAs: 65001,
        passive: true,
        ipv6NextHop: b.v6,
      }],
    });
    edge = await EdgebgpNs.start(
      a.ns,
      `asn: 65001
router_id: "${a.v4}"
listen_addr: "0.0.0.0:179"
peers:
  - address: "${b.v4}:179"
    asn: 65003
    idle_hold_time_secs: 1
    connect_retry_secs: 2
`,
    );
    await edge.waitFor(
      /session established" peer=10\.255\.3\.2 remote_as=65003 .*families=1\/1,2\/1/,
    );
    await poll("BIRD to see the session Established", () => bird!.established("edge"));
    const proto = await bird.protocol("edge");
    // Both channels came up: the session negotiated both families.
    assert.match(proto, /Channel ipv4\s+State:\s+UP/);
    assert.match(proto, /Channel ipv6\s+State:\s+UP/);

    await edge.waitFor(/UPDATE received" .*families=1\/1 .*prefixes=10\.3\.0\.0\/24/);
    await edge.waitFor(/UPDATE received" .*families=2\/1 .*prefixes=2001:db8:3::\/48/);
    // BIRD ends its initial dump with End-of-RIB for each family (RFC 4724 §2).
    await edge.waitFor(/End-of-RIB received/);

    // BIRD's shutdown communication is decoded and logged by edgebgp.
    await bird.cli(["disable", "edge", `"bird maintenance window"`]);
    await edge.waitFor(/NOTIFICATION received.*Administrative Shutdown: 'bird maintenance window'/);
    await bird.cli(["enable", "edge"]);
    await poll("the session to come back", () => bird!.established("edge"), 30_000);

    // edgebgp's shutdown message as BIRD shows it.
    const status = await edge.stop();
    edge = undefined;
    assert.equal(status.code, 0);
    await poll(
      "BIRD to show edgebgp's message",
      async () => /Message:\s+edgebgp shutting down/.test(await bird!.protocol("edge")),
    );
    await bird.process.waitFor(/Received: Administrative shutdown: "edgebgp shutting down"/);
  } finally {
    await edge?.stop();
    await bird?.stop();
    await pair.cleanup();
  }
});

Deno.test("interop bird: BIRD dials edgebgp (passive) over IPv6 transport", async () => {
  requireNetns([BIRD, BIRDC]);
  const pair = await createNsPair("ebgp-spk", 4);
  const { a, b } = pair;
  let bird: Bird | undefined;
  let edge: EdgebgpNs | undefined;
  try {
    edge = await EdgebgpNs.start(
      a.ns,
      `asn: 65001
router_id: "${a.v4}"
listen_addr: "0.0.0.0:179"
peers:
  - address: "[${b.v6}]:179"
    asn: 65003
    passive_mode: true
`,
    );
    bird = await Bird.start({
      ns: b.ns,
      asn: 65003,
      routerId: b.v4,
      routes: ["10.33.0.0/16", "2001:db8:33::/48"],
      neighbors: [{ name: "edge6", localAddress: b.v6, address: a.v6, peerAs: 65001 }],
    });
    await poll("BIRD to see the session Established", () => bird!.established("edge6"), 30_000);
    await edge.waitFor(new RegExp(`session established" peer=${b.v6} .*local=${a.v6}:179`));
    await edge.waitFor(/UPDATE received" .*families=2\/1 .*prefixes=2001:db8:33::\/48/);
  } finally {
    await edge?.stop();
    await bird?.stop();
    await pair.cleanup();
  }
});
