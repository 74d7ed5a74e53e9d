/**
 * edgebgp against a real gobgpd (Debian gobgpd 3.10), each in its own network namespace joined
 * by a veth pair (non-loopback addresses: gobgpd refuses 127/8 peers). Sessions come up in both
 * directions over IPv4 and IPv6, both unicast families are negotiated, gobgpd's routes reach
 * edgebgp (its debug log), and NOTIFICATIONs with RFC 8203 messages are understood both ways.
 * Under CI=true a missing gobgpd or missing root fails the test.
 */
import assert from "node:assert/strict";
import { EdgebgpNs } from "../_helpers/edgebgp_ns.ts";
import { GOBGP, GOBGPD, Gobgpd } from "../_helpers/gobgpd.ts";
import { createNsPair, poll, requireNetns } from "../_helpers/netns.ts";

Deno.test("interop gobgpd: edgebgp dials; v4+v6 negotiated; routes arrive; shutdown messages both ways", async () => {
  requireNetns([GOBGPD, GOBGP]);
  const pair = await createNsPair("ebgp-spk", 1);
  const { a, b } = pair;
  let gobgpd: Gobgpd | undefined;
  let edge: EdgebgpNs | undefined;
  try {
    gobgpd = await Gobgpd.start({
      ns: b.ns,
      asn: 65002,
      routerId: b.v4,
      neighbors: [{ address: a.v4, peerAs: 65001, passive: true }],
    });
    await gobgpd.addRoute("10.2.0.0/24");
    await gobgpd.addRoute("2001:db8:2::/48");
    edge = await EdgebgpNs.start(
      a.ns,
      `asn: 65001
router_id: "${a.v4}"
listen_addr: "0.0.0.0:179"
peers:
  - address: "${b.v4}:179"
    asn: 65002
    idle_hold_time_secs: 1
    connect_retry_secs: 2
`,
    );
    await edge.waitFor(/session established.*remote_as=65002.*families=1\/1,2\/1/);
    await poll(
      "gobgpd to see the session Established",
      async () => (await gobgpd!.sessionState(a.v4)) === "established",
    );
    const text = await gobgpd.cli(["neighbor", a.v4]);
    assert.match(text, /ipv4-unicast:\s+advertised and received/);
    assert.match(text, /ipv6-unicast:\s+advertised and received/);
    assert.match(text, /4-octet-as:\s+advertised and received/);

    // gobgpd's routes arrive, one per family.
    await edge.waitFor(/UPDATE received.*families=1\/1.*prefixes=10\.2\.0\.0\/24/);
    await edge.waitFor(/UPDATE received.*families=2\/1.*prefixes=2001:db8:2::\/48/);

    // A NOTIFICATION from gobgpd is decoded by edgebgp (gobgp 3.10's CLI sends no shutdown
    // communication with --reason; the BIRD test covers a received message).
    await gobgpd.cli(["neighbor", a.v4, "disable"]);
    await edge.waitFor(
      /NOTIFICATION received.*code=6 subcode=2 text="Cease \/ Administrative Shutdown"/,
    );
    await edge.waitFor(/session down/);
    await gobgpd.cli(["neighbor", a.v4, "enable"]);
    await poll(
      "the session to come back",
      async () => (await gobgpd!.sessionState(a.v4)) === "established",
      30_000,
    );

    // edgebgp's shutdown: Cease / Administrative Shutdown with its message, seen by gobgpd.
    const status = await edge.stop();
    edge = undefined;
    assert.equal(status.code, 0);
    await gobgpd.process.waitFor(
      /received notification.*Communicated-Reason="edgebgp shutting down".*Subcode=2/,
    );
    const n = await gobgpd.neighbor(a.v4);
    assert.ok(Number(n.state?.messages?.received?.["notification"] ?? 0) >= 1);
  } finally {
    await edge?.stop();
    await gobgpd?.stop();
    await pair.cleanup();
  }
});

Deno.test("interop gobgpd: gobgpd dials edgebgp (passive) over IPv4 and IPv6", async () => {
  requireNetns([GOBGPD, GOBGP]);
  const pair = await createNsPair("ebgp-spk", 2);
  const { a, b } = pair;
  let gobgpd: Gobgpd | undefined;
  let edge: EdgebgpNs | undefined;
  try {
    edge = await EdgebgpNs.start(
      a.ns,
      `asn: 65001
router_id: "${a.v4}"
listen_addr: "0.0.0.0:179"
peers:
  - address: "${b.v4}:179"
    asn: 65002
    passive_mode: true
  - address: "[${b.v6}]:179"
    asn: 65002
    passive_mode: true
`,
    );
    gobgpd = await Gobgpd.start({
      ns: b.ns,
      asn: 65002,
      routerId: b.v4,
      neighbors: [
        { address: a.v4, peerAs: 65001 },
        { address: a.v6, peerAs: 65001 },
      ],
    });
    await gobgpd.addRoute("10.22.0.0/16");
    await poll(
      "both gobgpd sessions Established",
      async () =>
        (await gobgpd!.sessionState(a.v4)) === "established" &&
        (await gobgpd!.sessionState(a.v6)) === "established",
    );
    await edge.waitFor(new RegExp(`session established" peer=${b.v4} `));
    await edge.waitFor(new RegExp(`session established" peer=${b.v6} `));
    // Incoming sessions: edgebgp's side is the listener's port 179.
    assert.match(edge.output, new RegExp(`session established.*local=${a.v4}:179`));
    await edge.waitFor(new RegExp(`UPDATE received" peer=${b.v6} .*prefixes=10\\.22\\.0\\.0/16`));
  } finally {
    await edge?.stop();
    await gobgpd?.stop();
    await pair.cleanup();
  }
});
