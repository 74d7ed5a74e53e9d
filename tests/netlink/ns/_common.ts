/** Shared setup for scenario scripts that run inside a test namespace. */
import { FfiTransport } from "../../../ffi/mod.ts";
import { NetlinkService } from "../../../src/netlink/mod.ts";
import { systemClock } from "../../../src/speaker/system_clock.ts";

// deno-lint-ignore no-explicit-any
export function args(): any {
  return JSON.parse(Deno.args[0] ?? "{}");
}

export function service(): { transport: FfiTransport; service: NetlinkService } {
  const transport = new FfiTransport();
  return { transport, service: new NetlinkService({ transport, clock: systemClock }) };
}

/** `ip ARGS` in this (the test's) namespace. */
export async function ip(...a: string[]): Promise<string> {
  const out = await new Deno.Command("ip", { args: a, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  if (!out.success) throw new Error(`ip ${a.join(" ")}: ${dec.decode(out.stderr)}`);
  return dec.decode(out.stdout);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Prints the result line the test parses. */
export function done(result: unknown): void {
  // deno-lint-ignore no-console
  console.log(JSON.stringify(result));
}
