/**
 * The protobuf model of bgp.BgpService, loaded from the embedded descriptor (nothing reads
 * proto/ at run time), and one encoder/decoder per message type.
 */
import protobuf from "protobufjs";
import { BGP_DESCRIPTOR } from "./_generated/bgp_descriptor.ts";
import { BGP_SERVICE_METHODS, type BgpServiceMethods } from "./_generated/bgp_messages.ts";

export * as pb from "./_generated/bgp_messages.ts";
export type { BgpServiceMethods } from "./_generated/bgp_messages.ts";

// 64-bit fields (counters, num_routes, timers) decode as plain numbers, exact below 2^53.
(protobuf.util as { Long: unknown }).Long = undefined;
protobuf.configure();

const root = protobuf.Root.fromJSON(BGP_DESCRIPTOR as protobuf.INamespace);
root.resolveAll();
presenceDefaultsToNull(root);

/**
 * Decoded messages answer null for an absent field with presence (proto3 `optional`, oneof
 * members). protobufjs gives absent optional *enum* fields the enum default 0 instead, which
 * would turn "unset" into IPV4 / GLOBAL; this sets those prototype defaults to null too.
 */
function presenceDefaultsToNull(ns: protobuf.NamespaceBase): void {
  for (const o of ns.nestedArray) {
    if (o instanceof protobuf.Type) {
      for (const f of o.fieldsArray) {
        if (f.partOf !== null && !f.repeated) {
          (o.ctor.prototype as Record<string, unknown>)[f.name] = null;
        }
      }
    }
    if (o instanceof protobuf.Namespace || o instanceof protobuf.Type) presenceDefaultsToNull(o);
  }
}

export const SERVICE_NAME = "bgp.BgpService";

/**
 * What an encoder accepts: any subset of the decoded shape; absent and null fields are not
 * written. Nested messages and arrays likewise.
 */
export type Init<T> = { [K in keyof T]?: InitValue<T[K]> };
type InitValue<V> = V extends Uint8Array ? V
  : V extends readonly (infer U)[] ? readonly InitValue<U>[]
  : V extends object ? Init<V>
  : null extends V ? InitValue<NonNullable<V>> | null
  : V;

/** Encoder and decoder of one message type. */
export interface MessageCodec<T> {
  readonly typeName: string;
  encode(message: Init<T>): Uint8Array;
  /** Throws on malformed input (protobufjs errors). */
  decode(bytes: Uint8Array): T;
}

const codecs = new Map<string, MessageCodec<unknown>>();

/** The codec of `bgp.<typeName>`. */
export function messageCodec<T>(typeName: string): MessageCodec<T> {
  let codec = codecs.get(typeName);
  if (!codec) {
    const type = root.lookupType(`bgp.${typeName}`);
    codec = {
      typeName,
      encode: (m) => type.encode(m as Record<string, unknown>).finish(),
      decode: (b) => type.decode(b),
    };
    codecs.set(typeName, codec);
  }
  return codec as MessageCodec<T>;
}

export type MethodName = keyof BgpServiceMethods;
export type RequestOf<M extends MethodName> = BgpServiceMethods[M]["request"];
export type ResponseOf<M extends MethodName> = BgpServiceMethods[M]["response"];

/** One RPC: its HTTP/2 path, streaming kind and codecs. */
export interface MethodDescriptor<M extends MethodName = MethodName> {
  readonly name: M;
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly request: MessageCodec<RequestOf<M>>;
  readonly response: MessageCodec<ResponseOf<M>>;
}

/** Every RPC, keyed by name. */
export const METHODS: ReadonlyMap<MethodName, MethodDescriptor> = new Map(
  BGP_SERVICE_METHODS.map((m) => [m.name, {
    name: m.name,
    path: `/${SERVICE_NAME}/${m.name}`,
    requestStream: m.requestStream,
    responseStream: m.responseStream,
    request: messageCodec(m.requestType),
    response: messageCodec(m.responseType),
  }]),
);

/** The descriptor of one RPC. */
export function method<M extends MethodName>(name: M): MethodDescriptor<M> {
  return METHODS.get(name) as unknown as MethodDescriptor<M>;
}
