/** gRPC status codes (grpc/doc/statuscodes.md) and the error that carries one. */

export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type StatusCode = typeof Status[keyof typeof Status];

const NAMES = new Map<number, string>(Object.entries(Status).map(([k, v]) => [v, k]));

/** "INVALID_ARGUMENT" for 3; "CODE_99" for an unknown number. */
export function statusName(code: number): string {
  return NAMES.get(code) ?? `CODE_${code}`;
}

/** A call that ended with a non-OK status. */
export class GrpcError extends Error {
  readonly code: StatusCode;
  constructor(code: StatusCode, message: string) {
    super(message);
    this.name = "GrpcError";
    this.code = code;
  }
}

/** grpc-message header value: percent-encode bytes outside 0x20..0x7e and "%" (PROTOCOL-HTTP2). */
export function encodeGrpcMessage(message: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(message)) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25
      ? String.fromCharCode(b)
      : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Inverse of encodeGrpcMessage; malformed escapes are kept as they are. */
export function decodeGrpcMessage(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
