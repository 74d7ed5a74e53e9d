/**
 * A deterministic synthetic IPv4 full table for benchmarks: distinct prefixes with a real-world
 * length mix (mostly /24, then /22, /23, /21, /20, /19, /16 ...), a number of distinct attribute
 * sets (AS paths of 1-8 hops, communities, some MED and large communities), and a skewed
 * assignment of prefixes to sets. Same options, same table, on every machine.
 *
 * Shared: the codec bench and the RIB bench both use it.
 */
import type { AsPathSegment, PathAttributes } from "../src/wire/types.ts";

export interface TableOptions {
  /** Distinct prefixes (default 1,000,000). */
  readonly prefixes?: number;
  /** Distinct attribute sets (default 250,000). */
  readonly attributeSets?: number;
  readonly seed?: number;
}

export interface SyntheticTable {
  /** Distinct attribute sets, each used by at least one prefix. */
  readonly attributeSets: readonly PathAttributes[];
  /** IPv4 prefix keys (address * 64 + length, see common/prefix_key.ts), grouped by set. */
  readonly prefixes: Float64Array;
  /** The prefixes of set i are prefixes[setStart[i]] .. prefixes[setStart[i + 1] - 1]. */
  readonly setStart: Uint32Array;
  /** The attribute set index of each prefix (parallel to prefixes). */
  readonly setOf: Uint32Array;
}

/** mulberry32: tiny, fast, seeded; good enough for synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per-mille weights of prefix lengths, close to a 2020s IPv4 DFZ table. */
const LENGTH_WEIGHTS: readonly [number, number][] = [
  [24, 580],
  [22, 110],
  [23, 100],
  [21, 55],
  [20, 50],
  [19, 30],
  [16, 25],
  [18, 17],
  [17, 12],
  [15, 5],
  [14, 5],
  [13, 4],
  [12, 3],
  [11, 2],
  [10, 1],
  [9, 1],
];

/** Hop-count weights for AS paths of 1..8 hops. */
const HOP_WEIGHTS: readonly number[] = [5, 15, 25, 25, 15, 8, 4, 3];

function pickWeighted(rnd: () => number, weights: readonly number[], total: number): number {
  let r = rnd() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

function makePrefixes(n: number, rnd: () => number): Float64Array {
  const lw = LENGTH_WEIGHTS.map((x) => x[1]);
  const total = lw.reduce((a, b) => a + b, 0);
  const seen = new Set<number>();
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    const len = LENGTH_WEIGHTS[pickWeighted(rnd, lw, total)]![0];
    // Unicast space 1.0.0.0 - 223.255.255.255.
    const raw = (1 + Math.floor(rnd() * 223)) * 0x1000000 + Math.floor(rnd() * 0x1000000);
    const mask = len === 0 ? 0 : (-1 << (32 - len)) >>> 0;
    const addr = (raw & mask) >>> 0;
    const key = addr * 64 + len;
    if (seen.has(key)) continue;
    seen.add(key);
    out[i++] = key;
  }
  return out;
}

function makeAttributeSets(n: number, rnd: () => number): PathAttributes[] {
  const int = (k: number) => Math.floor(rnd() * k);
  const hopTotal = HOP_WEIGHTS.reduce((a, b) => a + b, 0);
  // A few upstream neighbours start every path; later hops come from a wide AS space with some
  // 4-octet ASNs, like the real table.
  const neighbours = Array.from({ length: 24 }, () => 1000 + int(60000));
  const nextHops = ["192.0.2.1", "192.0.2.2", "198.51.100.1", "203.0.113.7"];
  const commonCommunities = Array.from(
    { length: 64 },
    () => ((neighbours[int(24)]! << 16) | int(4000)) >>> 0,
  );
  const sets: PathAttributes[] = [];
  const seen = new Set<string>();
  while (sets.length < n) {
    const hops = 1 + pickWeighted(rnd, HOP_WEIGHTS, hopTotal);
    const asns: number[] = [neighbours[int(neighbours.length)]!];
    for (let h = 1; h < hops; h++) {
      asns.push(rnd() < 0.15 ? 131072 + int(270000) : 1 + int(64000));
    }
    const communities: number[] = [];
    for (let c = int(6); c > 0; c--) {
      communities.push(
        rnd() < 0.7 ? commonCommunities[int(64)]! : ((asns[0]! << 16) | int(65536)) >>> 0,
      );
    }
    const a: {
      origin: 0 | 1 | 2;
      asPath: readonly AsPathSegment[];
      nextHop: string;
      med?: number;
      communities?: number[];
      largeCommunities?: (readonly [number, number, number])[];
    } = {
      origin: rnd() < 0.9 ? 0 : 2,
      asPath: [{ type: 2, asns }],
      nextHop: nextHops[int(nextHops.length)]!,
    };
    if (rnd() < 0.3) a.med = int(1000);
    if (communities.length > 0) a.communities = communities;
    if (rnd() < 0.1) a.largeCommunities = [[asns[0]!, int(100), int(100)]];
    const key = JSON.stringify(a);
    if (seen.has(key)) continue;
    seen.add(key);
    sets.push(a);
  }
  return sets;
}

/** Builds the table. About 2-4 s for the defaults; call it before timing starts. */
export function generateTable(opts: TableOptions = {}): SyntheticTable {
  const nPrefixes = opts.prefixes ?? 1_000_000;
  const nSets = Math.min(opts.attributeSets ?? 250_000, nPrefixes);
  const rnd = mulberry32(opts.seed ?? 20240601);
  const raw = makePrefixes(nPrefixes, rnd);
  const attributeSets = makeAttributeSets(nSets, rnd);
  // Every set gets one prefix; the rest go to sets with a skew (a few sets carry many).
  const assign = new Uint32Array(nPrefixes);
  for (let i = 0; i < nPrefixes; i++) {
    assign[i] = i < nSets ? i : Math.floor(nSets * rnd() * rnd());
  }
  // Counting sort by set, so each set's prefixes are contiguous.
  const setStart = new Uint32Array(nSets + 1);
  for (let i = 0; i < nPrefixes; i++) setStart[assign[i]! + 1]!++;
  for (let s = 0; s < nSets; s++) setStart[s + 1]! += setStart[s]!;
  const fill = setStart.slice(0, nSets);
  const prefixes = new Float64Array(nPrefixes);
  const setOf = new Uint32Array(nPrefixes);
  for (let i = 0; i < nPrefixes; i++) {
    const s = assign[i]!;
    const at = fill[s]!++;
    prefixes[at] = raw[i]!;
    setOf[at] = s;
  }
  return { attributeSets, prefixes, setStart, setOf };
}
