/**
 * Codec throughput over a synthetic 1,000,000-prefix IPv4 table with 250,000 attribute sets
 * (bench/_table_gen.ts, generated before timing):
 *   codec.encode: attribute sets -> packed UPDATEs (UpdatePacker, 4096-byte messages)
 *   codec.decode: byte stream -> Framer -> decodeMessage (attributes and NLRI fully parsed)
 * One warm-up pass, then the median of five timed passes.
 */
import { generateTable } from "./_table_gen.ts";
import { type CodecContext, decodeMessage, Framer, UpdatePacker } from "../src/wire/mod.ts";

const CTX: CodecContext = {
  fourOctetAs: true,
  extendedMessage: false,
  addPathReceive: new Set(),
  addPathSend: new Set(),
};

const table = generateTable();
const nPrefixes = table.prefixes.length;
const nSets = table.attributeSets.length;

function encodeTable(): Uint8Array[] {
  const packer = new UpdatePacker(CTX, 8 << 20);
  const chunks: Uint8Array[] = [];
  const { attributeSets, prefixes, setStart } = table;
  for (let s = 0; s < nSets; s++) {
    const prepared = packer.prepare(attributeSets[s]!);
    packer.announce(prepared, prefixes, undefined, setStart[s]!, setStart[s + 1]!);
    if (packer.byteLength > 4 << 20) chunks.push(packer.take());
  }
  chunks.push(packer.take());
  return chunks;
}

let decodedUpdates = 0;
function decodeTable(chunks: Uint8Array[]): number {
  const framer = new Framer();
  let prefixes = 0;
  let updates = 0;
  for (const chunk of chunks) {
    framer.push(chunk);
    for (let f = framer.next(CTX); f !== undefined; f = framer.next(CTX)) {
      if (f.type !== "message") throw new Error(f.reason);
      const r = decodeMessage(f.bytes, CTX);
      if (r.type !== "update" || r.issues.length !== 0) throw new Error("bad UPDATE");
      prefixes += r.message.nlri.prefixes.length;
      updates++;
    }
  }
  decodedUpdates = updates;
  return prefixes;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// Warm-up (and correctness: every prefix comes back).
let chunks = encodeTable();
if (decodeTable(chunks) !== nPrefixes) throw new Error("decode lost prefixes");

const encodeTimes: number[] = [];
const decodeTimes: number[] = [];
for (let run = 0; run < 5; run++) {
  let t = performance.now();
  chunks = encodeTable();
  encodeTimes.push(performance.now() - t);
  t = performance.now();
  const n = decodeTable(chunks);
  decodeTimes.push(performance.now() - t);
  if (n !== nPrefixes) throw new Error("decode lost prefixes");
}

const bytes = chunks.reduce((a, c) => a + c.length, 0);
function report(bench: string, value: number, unit: string): void {
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ bench, value: Math.round(value), unit }));
}
report("codec.encode", nPrefixes / (median(encodeTimes) / 1000), "prefixes/s");
report("codec.decode", nPrefixes / (median(decodeTimes) / 1000), "prefixes/s");
report("codec.table.updates", decodedUpdates, "messages");
report("codec.table.bytes", bytes, "bytes");
