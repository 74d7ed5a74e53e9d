/**
 * A gRPC server (PROTOCOL-HTTP2) on node:http2, for the methods of bgp.BgpService.
 *
 * Why not @grpc/grpc-js's Server: under Deno 2.9 it works, but it writes one HTTP/2 DATA write
 * per message and waits for each write's callback, which caps a server stream near 50,000
 * messages/s. Here a stream handler batches many messages into one write and waits for
 * 'drain' only when HTTP/2 flow control pushes back; received chunks are split into messages
 * without copying. grpc-js and Python grpcio clients are tested against this server.
 *
 * Not supported: message compression (grpc-encoding other than identity), HTTP/1.
 */
import http2 from "node:http2";
import { Buffer } from "node:buffer";
import { timingSafeEqual, X509Certificate } from "node:crypto";
import type { Logger } from "../common/log.ts";
import { Deframer, FrameBatch } from "./grpc_frame.ts";
import {
  type BgpServiceMethods,
  type Init,
  type MessageCodec,
  type MethodDescriptor,
  type MethodName,
  METHODS,
  type RequestOf,
  type ResponseOf,
} from "./proto.ts";
import { encodeGrpcMessage, GrpcError, Status, type StatusCode, statusName } from "./status.ts";

/** What a handler knows about its call. */
export interface CallContext {
  /** Aborts when the client cancels, the deadline passes or the server closes. */
  readonly signal: AbortSignal;
  readonly method: MethodName;
}

/** Where a server-streaming handler writes its messages. */
export interface MessageSink<T> {
  /** Encodes and buffers one message. */
  send(message: Init<T>): void;
  /** Messages buffered since the last flush. */
  readonly buffered: number;
  /**
   * Writes what is buffered in one HTTP/2 write; resolves once the stream can take more
   * (flow control). Rejects with CANCELLED when the call has ended.
   */
  flush(): Promise<void>;
}

export type UnaryImpl<Req, Res> = (
  request: Req,
  ctx: CallContext,
) => Promise<Init<Res>> | Init<Res>;
export type ServerStreamImpl<Req, Res> = (
  request: Req,
  sink: MessageSink<Res>,
  ctx: CallContext,
) => Promise<void>;
/** Requests arrive in batches: the messages of one received chunk. */
export type ClientStreamImpl<Req, Res> = (
  requests: AsyncIterable<readonly Req[]>,
  ctx: CallContext,
) => Promise<Init<Res>>;

export type ImplOf<M extends MethodName> = BgpServiceMethods[M]["requestStream"] extends true
  ? ClientStreamImpl<RequestOf<M>, ResponseOf<M>>
  : BgpServiceMethods[M]["responseStream"] extends true
    ? ServerStreamImpl<RequestOf<M>, ResponseOf<M>>
  : UnaryImpl<RequestOf<M>, ResponseOf<M>>;

/** One implementation per RPC. */
export type ServiceImpl = { readonly [M in MethodName]: ImplOf<M> };

/** TLS material as bytes (PEM); the caller reads the files. */
export interface TlsOptions {
  readonly certChain: Uint8Array;
  readonly privateKey: Uint8Array;
  /** When set, clients must present a certificate issued by one of these CAs (mutual TLS). */
  readonly clientCa?: Uint8Array;
}

export interface GrpcServerOptions {
  readonly hostname: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  readonly tls?: TlsOptions;
  /** When set, every call needs metadata "authorization: Bearer <token>". */
  readonly bearerToken?: string;
  /** Largest request message accepted; default 4 MiB. */
  readonly maxReceiveBytes?: number;
  readonly log?: Logger;
}

const DEFAULT_MAX_RECEIVE = 4 * 1024 * 1024;
/** A server stream writes once this much is buffered, even mid-chunk. */
const FLUSH_BYTES = 256 * 1024;

/** A listening gRPC server. */
export class GrpcServer {
  readonly #server: http2.Http2Server;
  readonly #sessions = new Set<http2.ServerHttp2Session>();
  readonly #closing = new AbortController();
  readonly #port: number;

  private constructor(server: http2.Http2Server, port: number) {
    this.#server = server;
    this.#port = port;
  }

  /** Starts listening; rejects if the address cannot be bound. */
  static async listen(impl: ServiceImpl, options: GrpcServerOptions): Promise<GrpcServer> {
    const settings: http2.Settings = { initialWindowSize: 1 << 20, maxConcurrentStreams: 1000 };
    const server = options.tls
      ? http2.createSecureServer({
        cert: Buffer.from(options.tls.certChain),
        key: Buffer.from(options.tls.privateKey),
        allowHTTP1: false,
        settings,
        // Client certificates are checked per session below (clientCertificateError) so that
        // a missing or bad one becomes UNAUTHENTICATED, not a failed handshake.
        ...(options.tls.clientCa
          ? { ca: Buffer.from(options.tls.clientCa), requestCert: true, rejectUnauthorized: false }
          : {}),
      })
      : http2.createServer({ settings });
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.hostname, () => {
        server.off("error", reject);
        const addr = server.address();
        resolve(typeof addr === "object" && addr ? addr.port : options.port);
      });
    });
    const self = new GrpcServer(server, port);
    const dispatcher = new Dispatcher(impl, options, self.#closing.signal);
    server.on("session", (session: http2.ServerHttp2Session) => {
      self.#sessions.add(session);
      session.once("close", () => self.#sessions.delete(session));
      session.on("error", () => {});
    });
    server.on("stream", (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
      dispatcher.handle(stream, headers).catch((e) => {
        options.log?.error("gRPC call failed unexpectedly", { error: String(e) });
      });
    });
    return self;
  }

  /** The bound TCP port. */
  get port(): number {
    return this.#port;
  }

  /** Stops listening, cancels running calls and closes every connection. */
  async close(): Promise<void> {
    this.#closing.abort();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const s of this.#sessions) s.destroy();
    await closed;
  }
}

/** Routes one HTTP/2 stream to its method implementation. */
class Dispatcher {
  readonly #impl: ServiceImpl;
  readonly #options: GrpcServerOptions;
  readonly #byPath = new Map<string, MethodDescriptor>();
  readonly #closing: AbortSignal;
  readonly #clientCas: X509Certificate[];
  readonly #certChecks = new WeakMap<object, string | null>();

  constructor(impl: ServiceImpl, options: GrpcServerOptions, closing: AbortSignal) {
    this.#impl = impl;
    this.#options = options;
    this.#closing = closing;
    for (const m of METHODS.values()) this.#byPath.set(m.path, m);
    this.#clientCas = options.tls?.clientCa ? parseCertificates(options.tls.clientCa) : [];
  }

  async handle(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): Promise<void> {
    stream.on("error", () => {});
    const contentType = headers["content-type"] ?? "";
    if (headers[":method"] !== "POST" || !contentType.startsWith("application/grpc")) {
      // PROTOCOL-HTTP2: a non-gRPC content type gets HTTP 415.
      stream.respond({ ":status": 415 }, { endStream: true });
      return;
    }
    const call = new ServerCall(stream, this.#closing);
    const path = headers[":path"] ?? "";
    const method = this.#byPath.get(path);
    try {
      if (!method) throw new GrpcError(Status.UNIMPLEMENTED, `unknown method ${path}`);
      this.#authenticate(stream, headers);
      const encoding = headers["grpc-encoding"];
      if (typeof encoding === "string" && encoding !== "identity") {
        throw new GrpcError(Status.UNIMPLEMENTED, `grpc-encoding "${encoding}" is not supported`);
      }
      call.setDeadline(headers["grpc-timeout"]);
      const ctx: CallContext = { signal: call.signal, method: method.name };
      const deframer = new Deframer(this.#options.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE);
      if (method.requestStream) {
        const impl = this.#impl[method.name] as ClientStreamImpl<unknown, unknown>;
        const response = await impl(call.requestBatches(deframer, method.request), ctx);
        call.sendUnary(method.response, response);
      } else {
        const request = await call.singleRequest(deframer, method.request);
        if (method.responseStream) {
          const impl = this.#impl[method.name] as ServerStreamImpl<unknown, unknown>;
          const sink = call.sink(method.response);
          await impl(request, sink, ctx);
          await sink.flush();
          call.finish(Status.OK, "");
        } else {
          const impl = this.#impl[method.name] as UnaryImpl<unknown, unknown>;
          call.sendUnary(method.response, await impl(request, ctx));
        }
      }
    } catch (e) {
      if (e instanceof GrpcError) {
        call.finish(e.code, e.message);
      } else if (call.signal.aborted) {
        const reason = call.signal.reason;
        call.finish(
          reason instanceof GrpcError ? reason.code : Status.CANCELLED,
          reason instanceof GrpcError ? reason.message : "call cancelled",
        );
      } else {
        this.#options.log?.error("gRPC handler failed", {
          method: method?.name ?? path,
          error: e instanceof Error ? e.stack ?? e.message : String(e),
        });
        call.finish(Status.INTERNAL, `internal error: ${e instanceof Error ? e.message : e}`);
      }
    } finally {
      call.dispose();
    }
  }

  /** Throws UNAUTHENTICATED unless the configured token and client certificate check out. */
  #authenticate(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    const token = this.#options.bearerToken;
    if (token !== undefined) {
      const got = headers["authorization"];
      if (typeof got !== "string" || got === "") {
        throw new GrpcError(
          Status.UNAUTHENTICATED,
          `missing metadata "authorization: Bearer <token>"`,
        );
      }
      const want = Buffer.from(`Bearer ${token}`);
      const have = Buffer.from(got);
      if (have.length !== want.length || !timingSafeEqual(have, want)) {
        throw new GrpcError(Status.UNAUTHENTICATED, `invalid bearer token in "authorization"`);
      }
    }
    if (this.#clientCas.length > 0) {
      const session = stream.session;
      if (!session) throw new GrpcError(Status.UNAUTHENTICATED, "no TLS session");
      let problem = this.#certChecks.get(session);
      if (problem === undefined) {
        problem = clientCertificateError(session.socket, this.#clientCas);
        this.#certChecks.set(session, problem);
      }
      if (problem !== null) throw new GrpcError(Status.UNAUTHENTICATED, problem);
    }
  }
}

interface PeerCertificate {
  raw?: Uint8Array;
  issuerCertificate?: PeerCertificate;
}

/** null when the peer's certificate chains to one of `cas` and is in its validity period. */
function clientCertificateError(socket: unknown, cas: readonly X509Certificate[]): string | null {
  const tls = socket as { getPeerCertificate?: (detailed: boolean) => PeerCertificate | null };
  const leaf = tls.getPeerCertificate?.(true);
  if (!leaf?.raw || leaf.raw.length === 0) {
    return "client certificate required (mutual TLS is configured)";
  }
  const now = Date.now();
  let cert = new X509Certificate(Buffer.from(leaf.raw));
  let next = leaf.issuerCertificate;
  for (let depth = 0; depth < 8; depth++) {
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
      return `client certificate "${cert.subject}" is outside its validity period`;
    }
    if (cas.some((ca) => cert.verify(ca.publicKey))) return null;
    // Walk up through intermediates the client sent (a self-signed one ends the walk).
    if (!next?.raw || next.raw.length === 0) break;
    const issuer = new X509Certificate(Buffer.from(next.raw));
    if (issuer.fingerprint256 === cert.fingerprint256 || !cert.verify(issuer.publicKey)) break;
    cert = issuer;
    next = next.issuerCertificate;
  }
  return `client certificate "${cert.subject}" is not issued by the configured client CA`;
}

/** Splits a PEM bundle into certificates. */
export function parseCertificates(pem: Uint8Array): X509Certificate[] {
  const text = new TextDecoder().decode(pem);
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/** grpc-timeout (PROTOCOL-HTTP2: 1-8 digits and a unit H M S m u n) in milliseconds. */
export function parseGrpcTimeout(value: string): number | undefined {
  const m = /^([0-9]{1,8})([HMSmun])$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const scale: Record<string, number> = {
    H: 3_600_000,
    M: 60_000,
    S: 1000,
    m: 1,
    u: 1e-3,
    n: 1e-6,
  };
  return n * scale[m[2]!]!;
}

/** The server side of one call: request reading, response writing, status. */
class ServerCall {
  readonly #stream: http2.ServerHttp2Stream;
  readonly #abort = new AbortController();
  #headersSent = false;
  #finished = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onClosing: () => void;

  constructor(stream: http2.ServerHttp2Stream, closing: AbortSignal) {
    this.#stream = stream;
    stream.once("close", () => {
      if (!this.#finished) {
        this.#abort.abort(new GrpcError(Status.CANCELLED, "call cancelled by the client"));
      }
    });
    this.#onClosing = () =>
      this.#abort.abort(new GrpcError(Status.UNAVAILABLE, "server shutting down"));
    closing.addEventListener("abort", this.#onClosing, { once: true });
    this.#closing = closing;
  }

  readonly #closing: AbortSignal;

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  setDeadline(header: string | string[] | undefined): void {
    if (typeof header !== "string") return;
    const ms = parseGrpcTimeout(header);
    if (ms === undefined) return;
    this.#timer = setTimeout(() => {
      this.#abort.abort(new GrpcError(Status.DEADLINE_EXCEEDED, "deadline exceeded"));
    }, Math.max(0, Math.ceil(ms)));
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#closing.removeEventListener("abort", this.#onClosing);
  }

  /** Reads the whole request body and decodes its single message. */
  async singleRequest<T>(deframer: Deframer, codec: MessageCodec<T>): Promise<T> {
    const messages: Uint8Array[] = [];
    for await (const chunk of this.#chunks()) {
      for (const m of deframer.push(chunk)) messages.push(m);
    }
    if (messages.length !== 1 || deframer.hasPartial) {
      throw new GrpcError(
        Status.INTERNAL,
        `expected exactly one request message, got ${messages.length}` +
          (deframer.hasPartial ? " and a truncated one" : ""),
      );
    }
    return decodeRequest(codec, messages[0]!);
  }

  /** Decoded request messages, one array per received chunk; reading pauses while the consumer works. */
  async *requestBatches<T>(deframer: Deframer, codec: MessageCodec<T>): AsyncGenerator<T[]> {
    for await (const chunk of this.#chunks()) {
      const raw = deframer.push(chunk);
      if (raw.length === 0) continue;
      const batch = new Array<T>(raw.length);
      for (let i = 0; i < raw.length; i++) batch[i] = decodeRequest(codec, raw[i]!);
      yield batch;
    }
    if (deframer.hasPartial) {
      throw new GrpcError(Status.INTERNAL, "request stream ended inside a message");
    }
  }

  async *#chunks(): AsyncGenerator<Uint8Array> {
    const signal = this.#abort.signal;
    signal.throwIfAborted();
    const stream = this.#stream;
    const onAbort = () => stream.destroy();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        signal.throwIfAborted();
        yield chunk;
      }
    } catch (e) {
      signal.throwIfAborted();
      throw e;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    signal.throwIfAborted();
  }

  #sendHeaders(): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#stream.respond(
      { ":status": 200, "content-type": "application/grpc", "grpc-accept-encoding": "identity" },
      { waitForTrailers: true },
    );
  }

  /** Writes `bytes`; resolves when the stream can take more. */
  async write(bytes: Uint8Array): Promise<void> {
    this.signal.throwIfAborted();
    this.#sendHeaders();
    if (this.#stream.write(asBuffer(bytes))) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        this.#stream.off("drain", done);
        this.signal.removeEventListener("abort", done);
        if (this.signal.aborted) reject(this.signal.reason);
        else resolve();
      };
      this.#stream.on("drain", done);
      this.signal.addEventListener("abort", done);
    });
  }

  sink<T>(codec: MessageCodec<T>): MessageSink<T> {
    const batch = new FrameBatch();
    const write = (bytes: Uint8Array) => this.write(bytes);
    let pendingFlush: Promise<void> = Promise.resolve();
    return {
      send(message) {
        batch.push(codec.encode(message));
        // A huge chunk is written in parts; flow control is honoured at the next flush.
        if (batch.byteLength >= FLUSH_BYTES) {
          const bytes = batch.take();
          pendingFlush = pendingFlush.then(() => write(bytes));
          pendingFlush.catch(() => {});
        }
      },
      get buffered() {
        return batch.count;
      },
      async flush() {
        await pendingFlush;
        if (batch.byteLength > 0) await write(batch.take());
      },
    };
  }

  sendUnary<T>(codec: MessageCodec<T>, message: Init<T>): void {
    this.signal.throwIfAborted();
    const batch = new FrameBatch(256);
    batch.push(codec.encode(message));
    this.#sendHeaders();
    this.#stream.write(asBuffer(batch.take()));
    this.finish(Status.OK, "");
  }

  /** Ends the call with a status: in trailers, or Trailers-Only when nothing was sent yet. */
  finish(code: StatusCode, message: string): void {
    if (this.#finished) return;
    this.#finished = true;
    const stream = this.#stream;
    if (stream.destroyed || stream.closed) return;
    const status: Record<string, string> = { "grpc-status": String(code) };
    if (code !== Status.OK) {
      status["grpc-message"] = encodeGrpcMessage(message || statusName(code));
    }
    try {
      if (this.#headersSent) {
        stream.once("wantTrailers", () => stream.sendTrailers(status));
        stream.end();
      } else {
        stream.respond({ ":status": 200, "content-type": "application/grpc", ...status }, {
          endStream: true,
        });
      }
    } catch {
      // The client went away while we answered.
    }
  }
}

function decodeRequest<T>(codec: MessageCodec<T>, bytes: Uint8Array): T {
  try {
    return codec.decode(bytes);
  } catch (e) {
    throw new GrpcError(
      Status.INVALID_ARGUMENT,
      `request is not a valid bgp.${codec.typeName}: ${e instanceof Error ? e.message : e}`,
    );
  }
}

/** A Buffer view of `bytes` (no copy), as node:http2 expects. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
