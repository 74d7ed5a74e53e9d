/**
 * Golden-byte helpers: `hex` turns annotated text (one field per line, `//` comments) into bytes,
 * `assertBytes` fails with a hex dump of both sides.
 */
import assert from "node:assert/strict";

/** Parses hex pairs, ignoring whitespace and `//` comments to the end of each line. */
export function hex(text: string | TemplateStringsArray): Uint8Array {
  const s = (typeof text === "string" ? text : text.join(""))
    .split("\n")
    .map((l) => l.replace(/\/\/.*$/, ""))
    .join(" ")
    .replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new Error(`bad hex: ${s}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    lines.push([...b.subarray(i, i + 16)].map((x) => x.toString(16).padStart(2, "0")).join(" "));
  }
  return lines.join("\n");
}

export function assertBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.equal(toHex(actual), toHex(expected));
}
