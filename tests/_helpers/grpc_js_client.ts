/**
 * A @grpc/grpc-js client of bgp.BgpService (an implementation independent of ours), built
 * from the embedded descriptor's codecs. Promise wrappers for the three call kinds.
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import {
  type Init,
  type MethodName,
  METHODS,
  type RequestOf,
  type ResponseOf,
} from "../../src/api/proto.ts";

function serviceDefinition(): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const m of METHODS.values()) {
    def[m.name] = {
      path: m.path,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      requestSerialize: (v) => Buffer.from(m.request.encode(v as Init<unknown>)),
      requestDeserialize: (b) => m.request.decode(b),
      responseSerialize: (v) => Buffer.from(m.response.encode(v as Init<unknown>)),
      responseDeserialize: (b) => m.response.decode(b),
    };
  }
  return def as grpc.ServiceDefinition;
}

const BgpServiceClient = grpc.makeGenericClientConstructor(serviceDefinition(), "BgpService");

/** The error a failed call rejects with. */
export interface CallError extends Error {
  code: grpc.status;
  details: string;
}

export interface CallOptions {
  metadata?: Record<string, string>;
  deadlineMs?: number;
}

type Raw = Record<string, (...args: unknown[]) => unknown>;

export class GrpcJsClient {
  readonly #client: grpc.Client;

  constructor(address: string, credentials = grpc.credentials.createInsecure(), options = {}) {
    this.#client = new BgpServiceClient(address, credentials, options);
  }

  #meta(o: CallOptions): [grpc.Metadata, grpc.CallOptions] {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(o.metadata ?? {})) md.set(k, v);
    return [md, { deadline: Date.now() + (o.deadlineMs ?? 10_000) }];
  }

  unary<M extends MethodName>(
    name: M,
    request: Init<RequestOf<M>>,
    o: CallOptions = {},
  ): Promise<ResponseOf<M>> {
    const [md, opts] = this.#meta(o);
    return new Promise((resolve, reject) => {
      (this.#client as unknown as Raw)[name]!(request, md, opts, (e: unknown, v: unknown) => {
        if (e) reject(e);
        else resolve(v as ResponseOf<M>);
      });
    });
  }

  /** Collects a server stream. */
  serverStream<M extends MethodName>(
    name: M,
    request: Init<RequestOf<M>>,
    o: CallOptions = {},
  ): Promise<ResponseOf<M>[]> {
    const [md, opts] = this.#meta(o);
    const call = (this.#client as unknown as Raw)[name]!(
      request,
      md,
      opts,
    ) as grpc.ClientReadableStream<
      ResponseOf<M>
    >;
    const out: ResponseOf<M>[] = [];
    return new Promise((resolve, reject) => {
      call.on("data", (v: ResponseOf<M>) => out.push(v));
      call.on("error", reject);
      call.on("end", () => resolve(out));
    });
  }

  /** The readable stream itself (for cancellation tests). */
  serverStreamCall<M extends MethodName>(
    name: M,
    request: Init<RequestOf<M>>,
    o: CallOptions = {},
  ): grpc.ClientReadableStream<ResponseOf<M>> {
    const [md, opts] = this.#meta(o);
    return (this.#client as unknown as Raw)[name]!(request, md, opts) as grpc.ClientReadableStream<
      ResponseOf<M>
    >;
  }

  /** Sends every request (honouring backpressure), then half-closes. */
  clientStream<M extends MethodName>(
    name: M,
    requests: Iterable<Init<RequestOf<M>>>,
    o: CallOptions = {},
  ): Promise<ResponseOf<M>> {
    const [md, opts] = this.#meta(o);
    return new Promise((resolve, reject) => {
      const call = (this.#client as unknown as Raw)[name]!(md, opts, (e: unknown, v: unknown) => {
        if (e) reject(e);
        else resolve(v as ResponseOf<M>);
      }) as grpc.ClientWritableStream<Init<RequestOf<M>>>;
      const it = requests[Symbol.iterator]();
      const pump = () => {
        for (;;) {
          const n = it.next();
          if (n.done) {
            call.end();
            return;
          }
          if (!call.write(n.value)) {
            call.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
  }

  /** A client stream driven by hand: write, then end; `response` settles after end. */
  clientStreamCall<M extends MethodName>(
    name: M,
    o: CallOptions = {},
  ): { call: grpc.ClientWritableStream<Init<RequestOf<M>>>; response: Promise<ResponseOf<M>> } {
    const [md, opts] = this.#meta(o);
    let call!: grpc.ClientWritableStream<Init<RequestOf<M>>>;
    const response = new Promise<ResponseOf<M>>((resolve, reject) => {
      call = (this.#client as unknown as Raw)[name]!(md, opts, (e: unknown, v: unknown) => {
        if (e) reject(e);
        else resolve(v as ResponseOf<M>);
      }) as grpc.ClientWritableStream<Init<RequestOf<M>>>;
    });
    return { call, response };
  }

  close(): void {
    this.#client.close();
  }
}
