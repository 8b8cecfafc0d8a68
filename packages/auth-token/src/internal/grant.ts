/** Small helpers shared by the strategies: typed errors and decoding token responses. */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/** An `AuthError` raised by a strategy itself (no request was involved). */
export const authError = (operation: string, reason: PortalError.AuthErrorReason, message: string) =>
  new PortalError.AuthError({
    reason,
    code: reason === "InvalidToken" ? 498 : 0,
    messageCode: undefined,
    message,
    details: [],
    operation,
    request: undefined,
  })

/** Accepts a secret as a plain string or already redacted, and always keeps it redacted. */
export const redact = (value: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  typeof value === "string" ? Redacted.make(value) : value

/** Decodes `body` with `schema`, failing with a DecodeError that never echoes the body (it holds tokens). */
export const decodeResponse =
  <S extends Schema.Codec<unknown, unknown, never, never>>(schema: S, operation: string, path: string) =>
  (body: unknown): Effect.Effect<S["Type"], PortalError.DecodeError> =>
    Effect.mapError(
      Schema.decodeUnknownEffect(schema)(body),
      () =>
        new PortalError.DecodeError({
          operation,
          request: { method: "POST", path },
          message: "The token response did not have the expected shape.",
        }),
    )

/** `expires` as the portal sends it: epoch milliseconds, sometimes as a string. */
export const Expires = Schema.Union([Schema.Number, Schema.NumberFromString])
