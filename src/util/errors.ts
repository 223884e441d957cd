/** Families of failure, by prefix: CONFIG_*, CATALOG_*, PORT_*, FRAME_*, STORE_*, BUS_*, DEVICE_*, UPLINK_*. */
export type GatewayErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_READ"
  | "CATALOG_INVALID"
  | "STORE_OPEN"
  | "STORE_WRITE"
  | "STORE_CORRUPT"
  | "BUS_LISTEN"
  | "BUS_PAYLOAD"
  | "DEVICE_START"
  | "DEVICE_UNAVAILABLE"
  | "PORT_OPEN"
  | "PORT_CLOSED"
  | "PORT_WRITE"
  | "FRAME_BAD"
  | "UPLINK_CONNECT"
  | "UPLINK_PUBLISH";

/** The one error type of the gateway: a stable string code, a message, and an optional cause. */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
