import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import { startApiServer } from "../../src/api/mod.ts";
import { parseEndpoint } from "../../src/common/ip.ts";
import { FakeControl } from "../_helpers/fake_control.ts";
import { GrpcJsClient } from "../_helpers/grpc_js_client.ts";

// Ports 25000-25099 belong to this file.
let nextPort = 25000;

async function withServer(
  fn: (client: GrpcJsClient, control: FakeControl, port: number) => Promise<void>,
): Promise<void> {
  const control = new FakeControl();
  const port = nextPort++;
  const server = await startApiServer(control, { listen: parseEndpoint(`127.0.0.1:${port}`) });
  const client = new GrpcJsClient(`127.0.0.1:${port}`);
  try {
    await fn(client, control, port);
  } finally {
    client.close();
    await server.close();
  }
}

Deno.test("GetServerInfo answers listen address, port and Loc-RIB prefix count", async () => {
  await withServer(async (client, control) => {
    control.listen = parseEndpoint("192.0.2.1:17900");
    const info = await client.unary("GetServerInfo", {});
    assert.equal(info.listenAddr, "192.0.2.1");
    assert.equal(info.listenPort, 17900);
    assert.equal(info.numRoutes, 0);
  });
});

Deno.test("an unknown method gets UNIMPLEMENTED naming the path", async () => {
  await withServer(async (_client, _control, port) => {
    const raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const err = await new Promise<grpc.ServiceError>((resolve) => {
        raw.makeUnaryRequest(
          "/bgp.BgpService/NoSuchRpc",
          (x: Uint8Array) => Buffer.from(x),
          (x: Uint8Array) => x,
          new Uint8Array(0),
          (e) => resolve(e!),
        );
      });
      assert.equal(err.code, grpc.status.UNIMPLEMENTED);
      assert.match(err.details, /\/bgp\.BgpService\/NoSuchRpc/);
    } finally {
      raw.close();
    }
  });
});
