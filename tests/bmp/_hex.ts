/**
 * Golden bytes written one field per line: hex digits, whitespace ignored, `//` starts a comment
 * naming the field and its value.
 */
import assert from "node:assert/strict";

export function hex(strings: TemplateStringsArray, ...values: unknown[]): Uint8Array {
  let text = strings.raw[0]!;
  for (let i = 0; i < values.length; i++) text += String(values[i]) + strings.raw[i + 1]!;
  const digits = text.split("\n").map((line) => line.replace(/\/\/.*$/, "")).join("")
    .replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`bad golden hex: ${digits}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Hex dump, 16 bytes per line, for readable byte diffs. */
export function dump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    lines.push([...b.subarray(i, i + 16)].map((x) => x.toString(16).padStart(2, "0")).join(" "));
  }
  return lines.join("\n");
}

/** Asserts byte equality, showing both sides as hex dumps on failure. */
export function assertBytes(actual: Uint8Array, expected: Uint8Array, message?: string): void {
  // Two calls: with @types/node loaded (whole-project check) the message overload is stricter.
  if (message === undefined) assert.equal(dump(actual), dump(expected));
  else assert.equal(dump(actual), dump(expected), message);
}
