/**
 * The contract of an authentication scheme. A strategy is a plain value made by a factory
 * (`staticToken(...)`, `builtInUser(...)`, `pkce(...)`…): getting a token (`acquire`) is separate
 * from attaching it to a request (`authorize`); caching, expiry, single-flight refresh and the
 * retry after a 498 are done for every strategy by core's token session.
 *
 * @see https://developers.arcgis.com/documentation/security-and-authentication/reference/http-authorization-headers
 * @module
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { Network } from "./Network.ts"
import { AuthError, type AuthErrorReason, DecodeError, type InvalidInput, type PortalFailure } from "./PortalError.ts"
import type { PortalRequest } from "./PortalRequest.ts"

/** A token and when it stops working. */
export interface TokenGrant {
  readonly token: Redacted.Redacted<string>
  /** Epoch milliseconds; `undefined` for tokens without a known end (API keys). */
  readonly expires: number | undefined
  /** The user the token stands for, when the portal said. */
  readonly username?: string | undefined
  /** A refresh token (OAuth), kept by the strategy for its next `acquire`. */
  readonly refreshToken?: Redacted.Redacted<string> | undefined
  /** When the refresh token itself expires (epoch milliseconds). */
  readonly refreshTokenExpires?: number | undefined
  /**
   * The portal said the token may only travel over https (`ssl: true` in its token answer, an `allSSL` org): from
   * then on every credential-bearing request goes over https — upgraded, or refused when it cannot be.
   */
  readonly ssl?: boolean | undefined
}

/** What a strategy is given to obtain a token. */
export interface AcquireContext {
  /** The portal's REST root, e.g. `https://host/portal/sharing/rest`. */
  readonly restUrl: string
  /** Why a token is wanted now. */
  readonly reason: "initial" | "expiring" | "rejected"
  /** The grant being replaced, if any (its refresh token, its username). */
  readonly previous: TokenGrant | undefined
  /**
   * Sends a request without credentials through the portal's transport (same retries, timeouts
   * and typed errors). Put secrets in `params` as `Redacted`: they then only travel in a POST body.
   */
  readonly send: (request: PortalRequest) => Effect.Effect<unknown, PortalFailure>
}

/** What a strategy is given to obtain a token for a federated ArcGIS Server. */
export interface ServerTokenContext extends AcquireContext {
  /** The server's root, e.g. `https://gis.example.com/server`. */
  readonly serverUrl: string
  /** The portal token to exchange. */
  readonly portalToken: Redacted.Redacted<string>
}

/**
 * How a token is attached to a request: headers, or parameters that go in the POST body. There is
 * deliberately no way to put anything in a query string.
 */
export interface Authorization {
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly params?: Readonly<Record<string, string>> | undefined
}

/** An authentication scheme. */
export interface AuthStrategy {
  /** A short name for logs and spans (`"builtInUser"`). Never a secret. */
  readonly name: string
  /** Obtains a token. Absent for schemes without tokens (anonymous, certificate-only). */
  readonly acquire?: ((context: AcquireContext) => Effect.Effect<TokenGrant, PortalFailure>) | undefined
  /** Attaches a token to a request. Defaults to {@link defaultAuthorization}. */
  readonly authorize?: ((token: Redacted.Redacted<string>) => Authorization) | undefined
  /**
   * Obtains a token for a federated server. Defaults to exchanging the portal token with
   * `generateToken` (`token` + `serverUrl`), as Esri's clients do.
   */
  readonly forServer?: ((context: ServerTokenContext) => Effect.Effect<TokenGrant, PortalFailure>) | undefined
  /**
   * How this scheme's requests reach the network, for schemes that are a property of the connection (a client
   * certificate, a proxy tunnel): a layer providing core's `Network` service, built with the portal's layer and
   * closed with its scope. Its `trusted` fetch is only ever used inside the credential boundary — the portal, the
   * servers it lists as its own, the user's `trustedServers` — so a client certificate is only presented where the
   * token may go; its `public` fetch, for every other origin, presents none. See `Network`.
   */
  readonly transport?: Layer.Layer<Network, InvalidInput> | undefined
}

/** The `ssl` flag of a token answer (`true` when the org requires https); sometimes sent as a string. */
export const SslFlag = Schema.optional(Schema.Union([Schema.Boolean, Schema.Literals(["true", "false"])]))

/** Whether a token answer's `ssl` flag says the token may only travel over https. */
export const sslOf = (value: boolean | "true" | "false" | undefined): boolean => value === true || value === "true"

/**
 * What `generateToken` answers (`{"token", "expires", "ssl"}`): the one schema every strategy that calls it
 * decodes with.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate-token.htm
 */
export const GenerateTokenResponse = Schema.Struct({
  token: Schema.String,
  expires: Schema.optional(Schema.Union([Schema.Number, Schema.NumberFromString])),
  ssl: SslFlag,
})

/** No credentials: public content only. */
export const anonymous: AuthStrategy = { name: "anonymous" }

/** `X-Esri-Authorization: Bearer <token>` — keeps tokens out of URLs and logs. */
export const headerAuthorization = (token: Redacted.Redacted<string>): Authorization => ({
  headers: { "X-Esri-Authorization": `Bearer ${Redacted.value(token)}` },
})

/** `token=<token>` in the POST body (the request is switched to POST if it was a GET). */
export const bodyAuthorization = (token: Redacted.Redacted<string>): Authorization => ({
  params: { token: Redacted.value(token) },
})

const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined"

/**
 * The default placement: the `X-Esri-Authorization` header outside browsers; in browsers the
 * POST body, because the portal's CORS preflight does not always allow the custom header.
 */
export const defaultAuthorization: (token: Redacted.Redacted<string>) => Authorization = inBrowser
  ? bodyAuthorization
  : headerAuthorization

// Helpers for strategy authors (used by every auth plugin of this repository).

/** An `AuthError` a strategy raises itself, when no request was involved (a missing variable, an expired static token). */
export const failure = (operation: string, reason: AuthErrorReason, message: string): AuthError =>
  new AuthError({
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

/**
 * Decodes a token endpoint's answer (sent with `POST` to `path`) with `schema`; a mismatch is a `DecodeError` that
 * never echoes the body, since the body holds tokens.
 */
export const decodeTokenResponse =
  <S extends Schema.Codec<unknown, unknown, never, never>>(schema: S, operation: string, path: string) =>
  (body: unknown): Effect.Effect<S["Type"], DecodeError> =>
    Effect.mapError(
      Schema.decodeUnknownEffect(schema)(body),
      () =>
        new DecodeError({
          operation,
          request: { method: "POST", path },
          message: "The token response did not have the expected shape.",
        }),
    )
