/** Starts the API server on a FakeControl for one test, with a grpc-js client. */
import { type ApiServerOptions, startApiServer } from "../../src/api/mod.ts";
import { parseEndpoint } from "../../src/common/ip.ts";
import { FakeControl } from "../_helpers/fake_control.ts";
import { GrpcJsClient } from "../_helpers/grpc_js_client.ts";

/** Hands out consecutive ports from a range a test file owns. */
export class PortRange {
  #next: number;
  readonly #end: number;
  constructor(first: number, last: number) {
    this.#next = first;
    this.#end = last;
  }
  take(): number {
    if (this.#next > this.#end) throw new Error("test port range exhausted");
    return this.#next++;
  }
}

export interface Harness {
  client: GrpcJsClient;
  control: FakeControl;
  port: number;
}

export async function withServer(
  ports: PortRange,
  fn: (h: Harness) => Promise<void>,
  options: Omit<ApiServerOptions, "listen"> = {},
): Promise<void> {
  const control = new FakeControl();
  const port = ports.take();
  const server = await startApiServer(control, {
    ...options,
    listen: parseEndpoint(`127.0.0.1:${port}`),
  });
  const client = new GrpcJsClient(`127.0.0.1:${port}`);
  try {
    await fn({ client, control, port });
  } finally {
    client.close();
    await server.close();
  }
}

/** The rejection of `p`, asserting there is one. */
export async function rejection(p: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; details: string };
  }
  throw new Error("expected the call to fail");
}
