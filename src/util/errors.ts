/** Families of failure, by prefix: CONFIG_*, STORE_*, BUS_*, DEVICE_*, PORT_*. */
export type GatewayErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_READ"
  | "STORE_OPEN"
  | "STORE_WRITE"
  | "STORE_CORRUPT"
  | "BUS_LISTEN"
  | "BUS_PAYLOAD"
  | "CONSOLE_LISTEN"
  | "CONSOLE_ASSETS"
  | "DEVICE_START"
  | "DEVICE_UNAVAILABLE"
  | "PORT_CLOSED"
  | "PORT_WRITE";

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
