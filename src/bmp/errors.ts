/** Errors of the BMP codec. */

/** Bytes that are not a well-formed BMP message; `offset` is relative to the message start. */
export class BmpDecodeError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(message);
    this.name = "BmpDecodeError";
  }
}

/** A message model that cannot be encoded (a field out of range, a string too long...). */
export class BmpEncodeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "BmpEncodeError";
  }
}
