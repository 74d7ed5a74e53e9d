/** What every converter shares: the INVALID_ARGUMENT error naming a field and its value. */
import { GrpcError, Status } from "./status.ts";

/** `invalid <field>: <detail>`; the detail quotes the offending value. */
export function invalidArgument(field: string, detail: string): GrpcError {
  return new GrpcError(Status.INVALID_ARGUMENT, `invalid ${field}: ${detail}`);
}

/** JSON-style quoting of a value for messages. */
export function quote(v: string): string {
  return JSON.stringify(v);
}
