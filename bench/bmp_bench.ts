/**
 * BMP client throughput:
 *   bmp.encode.route_monitoring: Route Monitoring messages encoded per second (one 55-byte
 *     UPDATE each, per-peer header with real timestamps), through CollectorFeed as live events
 *   bmp.decode: BMP messages decoded per second (BmpStreamDecoder over the same stream)
 *   bmp.client.dump: routes per second of an initial dump of 200,000 routes (chunks of 500)
 *     through BmpClient to a collector on 127.0.0.1:24900 that reads and discards
 * One warm-up pass, then the median of five timed passes.
 */
import { parseIp } from "../src/common/ip.ts";
import {
  BmpClient,
  type BmpPeerUpEvent,
  type BmpRouteMonitoringEvent,
  type BmpSnapshotItem,
  type BmpSource,
  BmpStreamDecoder,
  CollectorFeed,
  endOfRibUpdate,
  locRibOpen,
} from "../src/bmp/mod.ts";

function report(bench: string, value: number, unit: string): void {
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ bench, value: Math.round(value), unit }));
}

function median(f: () => number): number {
  f();
  const runs = [f(), f(), f(), f(), f()].sort((a, b) => a - b);
  return runs[2]!;
}

/** An UPDATE for 10.x.y.0/24 with ORIGIN, a 3-hop 4-octet AS_PATH and NEXT_HOP (55 bytes). */
function update(i: number): Uint8Array {
  const marker = new Array<number>(16).fill(0xff);
  const header = [0, 55, 2]; // length 55, type UPDATE
  const lengths = [0, 0, 0, 28]; // no withdrawn routes, 28 bytes of attributes
  const origin = [0x40, 1, 1, 0];
  const asPath = [0x40, 2, 14, 2, 3, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xeb];
  const nextHop = [0x40, 3, 4, 192, 0, 2, 1];
  const nlri = [24, 10, (i >> 8) & 0xff, i & 0xff];
  return new Uint8Array([
    ...marker,
    ...header,
    ...lengths,
    ...origin,
    ...asPath,
    ...nextHop,
    ...nlri,
  ]);
}

const PEER_UP: BmpPeerUpEvent = {
  type: "peer-up",
  peer: { key: "p1", address: parseIp("192.0.2.1"), asn: 65001, bgpId: 1, fourOctetAs: true },
  localAddress: parseIp("192.0.2.2"),
  localPort: 179,
  remotePort: 40000,
  sentOpen: locRibOpen(65000, 2, [{ afi: 1, safi: 1 }]),
  receivedOpen: locRibOpen(65001, 1, [{ afi: 1, safi: 1 }]),
  families: [{ afi: 1, safi: 1 }],
};

const N = 200_000;
const EVENTS: BmpRouteMonitoringEvent[] = Array.from({ length: N }, (_, i) => ({
  type: "route-monitoring",
  view: "pre-policy",
  peerKey: "p1",
  update: update(i),
}));

// ---- encode (feed, live phase)
let stream: Uint8Array[] = [];
const encodeRate = median(() => {
  const out: Uint8Array[] = [];
  const feed = new CollectorFeed({
    views: new Set(["pre-policy"]),
    sysName: "bench",
    sysDescr: "bench",
    send: (m) => out.push(m),
    now: Date.now,
  });
  feed.open();
  feed.snapshot(PEER_UP);
  feed.endDump();
  const t0 = performance.now();
  for (const e of EVENTS) feed.event(e);
  const ms = performance.now() - t0;
  if (feed.counts.invalid !== 0) throw new Error("bench UPDATEs were refused");
  stream = out;
  return N / (ms / 1000);
});
report("bmp.encode.route_monitoring", encodeRate, "messages/s");

// ---- decode
const joined = new Uint8Array(stream.reduce((n, b) => n + b.length, 0));
let off = 0;
for (const b of stream) {
  joined.set(b, off);
  off += b.length;
}
const decodeRate = median(() => {
  const d = new BmpStreamDecoder();
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < joined.length; i += 65536) n += d.push(joined.subarray(i, i + 65536)).length;
  return n / ((performance.now() - t0) / 1000);
});
report("bmp.decode", decodeRate, "messages/s");

// ---- client dump over loopback
const PORT = 24900;
const listener = Deno.listen({ hostname: "127.0.0.1", port: PORT });
let sessionDone: (() => void) | undefined;
const accepting = (async () => {
  for await (const conn of listener) {
    const done = sessionDone; // this run's, not a later one's
    (async () => {
      const buf = new Uint8Array(256 * 1024);
      let eors = 0;
      const eor = endOfRibUpdate(1, 1);
      // The dump ends with the End-of-RIB: a 71-byte RM (6 + 42 + 23) whose UPDATE is empty.
      try {
        for (;;) {
          const n = await conn.read(buf);
          if (n === null) break;
          for (let i = 0; i + eor.length <= n; i++) {
            if (buf[i + 18] === 2 && buf[i + 16] === 0 && buf[i + 17] === 23 && buf[i] === 0xff) {
              eors++;
            }
          }
          if (eors > 0) done?.();
        }
      } catch {
        // closed
      }
      conn.close();
    })();
  }
})();

const source: BmpSource = {
  *snapshot() {
    yield [PEER_UP] as BmpSnapshotItem[];
    for (let i = 0; i < N; i += 500) yield EVENTS.slice(i, i + 500);
  },
  statistics: () => [],
  localRib: () => ({ asn: 65000, bgpId: 2, families: [{ afi: 1, safi: 1 }] }),
};

const times: number[] = [];
for (let run = 0; run < 6; run++) {
  const client = new BmpClient({ source, sysName: "bench", sysDescr: "bench" });
  const done = new Promise<void>((r) => (sessionDone = r));
  const t0 = performance.now();
  client.addServer({
    address: { address: parseIp("127.0.0.1"), port: PORT },
    views: ["pre-policy"],
  });
  await done;
  times.push(performance.now() - t0);
  await client.close();
}
listener.close();
await accepting.catch(() => {});
const dumpMs = times.slice(1).sort((a, b) => a - b)[2]!;
report("bmp.client.dump", N / (dumpMs / 1000), "routes/s");
