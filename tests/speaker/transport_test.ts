import assert from "node:assert/strict";
import { parseIp } from "../../src/common/ip.ts";
import {
  canonicalAddress,
  type ConnEnds,
  dialBgp,
  listenBgp,
} from "../../src/speaker/transport.ts";

Deno.test("canonicalAddress unmaps IPv4-mapped IPv6 and normalises IPv6 text", () => {
  assert.equal(canonicalAddress("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(canonicalAddress("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  assert.equal(canonicalAddress("192.0.2.7"), "192.0.2.7");
});

Deno.test("listenBgp on 0.0.0.0 accepts IPv4 and IPv6 peers with canonical addresses", async () => {
  const seen: ConnEnds[] = [];
  const conns: Deno.TcpConn[] = [];
  let got!: () => void;
  let count = 0;
  const two = new Promise<void>((r) => (got = r));
  const l = listenBgp(parseIp("0.0.0.0"), 22001, (c, ends) => {
    conns.push(c);
    seen.push(ends);
    if (++count === 2) got();
  });
  const a = await dialBgp(parseIp("127.0.0.1"), 22001);
  const b = await dialBgp(parseIp("::1"), 22001);
  await two;
  l.close();
  await l.done;
  for (const c of [...conns, a.conn, b.conn]) c.close();
  assert.deepEqual(seen.map((e) => e.remoteAddress).sort(), ["127.0.0.1", "::1"]);
  assert.equal(a.ends.remoteAddress, "127.0.0.1");
  assert.equal(a.ends.remotePort, 22001);
  assert.equal(b.ends.localAddress, "::1");
});

Deno.test("listenBgp on a specific address binds only it; dialBgp rejects a refused port", async () => {
  const l = listenBgp(parseIp("127.0.0.1"), 22002, (c) => c.close());
  assert.deepEqual(l.addresses, ["127.0.0.1:22002"]);
  l.close();
  await l.done;
  await assert.rejects(() => dialBgp(parseIp("127.0.0.1"), 22002), Deno.errors.ConnectionRefused);
});
