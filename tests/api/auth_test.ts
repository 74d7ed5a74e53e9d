import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import { type ApiServerOptions, startApiServer } from "../../src/api/mod.ts";
import { parseEndpoint } from "../../src/common/ip.ts";
import { FakeControl } from "../_helpers/fake_control.ts";
import { GrpcJsClient } from "../_helpers/grpc_js_client.ts";
import { makeTestCerts, type TestCerts } from "../_helpers/test_certs.ts";
import { PortRange, rejection } from "./_server.ts";

const ports = new PortRange(25250, 25299);

async function withAuthServer(
  options: ApiServerOptions,
  fn: (port: number, control: FakeControl) => Promise<void>,
): Promise<void> {
  const control = new FakeControl();
  const port = ports.take();
  const server = await startApiServer(control, {
    ...options,
    listen: parseEndpoint(`127.0.0.1:${port}`),
  });
  try {
    await fn(port, control);
  } finally {
    await server.close();
  }
}

async function call(
  client: GrpcJsClient,
  metadata?: Record<string, string>,
): Promise<{ code: number; details: string }> {
  try {
    await client.unary("GetServerInfo", {}, {
      ...(metadata ? { metadata } : {}),
      deadlineMs: 5000,
    });
    return { code: 0, details: "" };
  } catch (e) {
    return e as { code: number; details: string };
  } finally {
    client.close();
  }
}

Deno.test("bearer token: missing or wrong is UNAUTHENTICATED, right one passes", async () => {
  await withAuthServer({ bearerToken: "s3cret" }, async (port) => {
    const address = `127.0.0.1:${port}`;
    let r = await call(new GrpcJsClient(address));
    assert.equal(r.code, grpc.status.UNAUTHENTICATED);
    assert.equal(r.details, 'missing metadata "authorization: Bearer <token>"');
    r = await call(new GrpcJsClient(address), { authorization: "Bearer nope" });
    assert.equal(r.code, grpc.status.UNAUTHENTICATED);
    assert.equal(r.details, 'invalid bearer token in "authorization"');
    r = await call(new GrpcJsClient(address), { authorization: "Bearer s3cret" });
    assert.equal(r.code, 0);
  });
});

async function serverTls(certs: TestCerts): Promise<void> {
  const tls = { certChain: certs.server.cert, privateKey: certs.server.key };
  await withAuthServer({ tls }, async (port) => {
    const creds = grpc.credentials.createSsl(Buffer.from(certs.ca.cert));
    let r = await call(new GrpcJsClient(`localhost:${port}`, creds));
    assert.equal(r.code, 0);
    r = await call(new GrpcJsClient(`127.0.0.1:${port}`));
    assert.equal(r.code, grpc.status.UNAVAILABLE);
  });
}

async function mutualTls(certs: TestCerts): Promise<void> {
  const tls = {
    certChain: certs.server.cert,
    privateKey: certs.server.key,
    clientCa: certs.ca.cert,
  };
  await withAuthServer({ tls }, async (port) => {
    const ca = Buffer.from(certs.ca.cert);
    const address = `localhost:${port}`;
    let r = await call(new GrpcJsClient(address, grpc.credentials.createSsl(ca)));
    assert.equal(r.code, grpc.status.UNAUTHENTICATED);
    assert.equal(r.details, "client certificate required (mutual TLS is configured)");
    const rogue = grpc.credentials.createSsl(
      ca,
      Buffer.from(certs.rogue.key),
      Buffer.from(certs.rogue.cert),
    );
    r = await call(new GrpcJsClient(address, rogue));
    assert.equal(r.code, grpc.status.UNAUTHENTICATED);
    assert.equal(
      r.details,
      'client certificate "CN=rogue" is not issued by the configured client CA',
    );
    const good = grpc.credentials.createSsl(
      ca,
      Buffer.from(certs.client.key),
      Buffer.from(certs.client.cert),
    );
    r = await call(new GrpcJsClient(address, good));
    assert.equal(r.code, 0);
  });
}

async function mutualTlsAndToken(certs: TestCerts): Promise<void> {
  const tls = {
    certChain: certs.server.cert,
    privateKey: certs.server.key,
    clientCa: certs.ca.cert,
  };
  await withAuthServer({ tls, bearerToken: "t" }, async (port) => {
    const ca = Buffer.from(certs.ca.cert);
    const good = () =>
      grpc.credentials.createSsl(ca, Buffer.from(certs.client.key), Buffer.from(certs.client.cert));
    let r = await call(new GrpcJsClient(`localhost:${port}`, good()));
    assert.equal(r.code, grpc.status.UNAUTHENTICATED);
    r = await call(new GrpcJsClient(`localhost:${port}`, good()), { authorization: "Bearer t" });
    assert.equal(r.code, 0);
  });
}

Deno.test("the API listens on 127.0.0.1:50051 unless told otherwise", async () => {
  const { DEFAULT_API_LISTEN } = await import("../../src/api/mod.ts");
  assert.deepEqual(
    [
      DEFAULT_API_LISTEN.address.family,
      [...DEFAULT_API_LISTEN.address.bytes],
      DEFAULT_API_LISTEN.port,
    ],
    [4, [127, 0, 0, 1], 50051],
  );
});

Deno.test("a port in use is a clear error", async () => {
  await withAuthServer({}, async (port) => {
    const e = await rejection(
      startApiServer(new FakeControl(), { listen: parseEndpoint(`127.0.0.1:${port}`) }),
    );
    assert.match(String((e as unknown as Error).message ?? e), /in use|EADDRINUSE/i);
  });
});

Deno.test("TLS: server-only, mutual, and mutual plus token", async (t) => {
  const certs = await makeTestCerts();
  try {
    await t.step(
      "server TLS: a client trusting the CA connects; a plaintext one cannot",
      () => serverTls(certs),
    );
    await t.step(
      "mutual TLS: no or a foreign client certificate is UNAUTHENTICATED",
      () => mutualTls(certs),
    );
    await t.step("mutual TLS plus token: both are required", () => mutualTlsAndToken(certs));
  } finally {
    await Deno.remove(certs.dir, { recursive: true });
  }
});
