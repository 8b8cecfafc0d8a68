/**
 * The errors a portal call can fail with. Every error says which operation and which request
 * failed (method and path only: never a query, a body or a token), keeps what the portal said
 * (`code`, `messageCode`, `message`, `details`), and knows whether it is worth retrying.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 * @module
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** Which request failed: the HTTP method and the URL path. Never the query, body or credentials. */
export interface RequestInfo {
  readonly method: "GET" | "POST"
  readonly path: string
}

/** What the portal put in its error envelope. */
interface PortalMessage {
  readonly code: number
  readonly messageCode: string | undefined
  readonly message: string
  readonly details: ReadonlyArray<string>
}

/** Why the portal refused a request, derived from its error code. */
export type PortalErrorReason =
  | "NotFound"
  | "Forbidden"
  | "InvalidRequest"
  | "RateLimited"
  | "ServiceUnavailable"
  | "ServerError"
  /** An error envelope without a code (`{"error": {"message": …}}`, `{"status": "failure"}`): not retried. */
  | "Unknown"

/**
 * The portal answered with an error envelope (`{"error": {...}}`, usually with HTTP 200) or an
 * admin failure (`{"status": "error", "messages": [...]}`).
 */
export class PortalError extends Data.TaggedError("PortalError")<
  PortalMessage & {
    readonly reason: PortalErrorReason
    readonly operation: string
    readonly request: RequestInfo
    /** Seconds the portal asked us to wait (`Retry-After`), when it said so. */
    readonly retryAfter: number | undefined
  }
> {
  /** Rate limits and temporary unavailability are worth another attempt, even for writes. */
  get retryable(): boolean {
    return this.reason === "RateLimited" || this.reason === "ServiceUnavailable"
  }

  /**
   * One line for logs: `<tag>: <message> [<code> <messageCode>] (<operation> <method> <path>)` — never a query,
   * a body or a token.
   */
  override toString(): string {
    return describe(this)
  }
}

/** Why authentication failed. */
export type AuthErrorReason = "InvalidToken" | "TokenRequired" | "AcquisitionFailed"

/** The portal rejected the token (498), wanted one (499), or a token could not be obtained. */
export class AuthError extends Data.TaggedError("AuthError")<
  PortalMessage & {
    readonly reason: AuthErrorReason
    readonly operation: string
    readonly request: RequestInfo | undefined
  }
> {
  /**
   * Never by the retry policy: after a 498/499 the token session gets a new token and sends the request once more
   * itself, and a token that could not be acquired will not be acquired by asking again at once.
   */
  get retryable(): boolean {
    return false
  }

  /**
   * One line for logs: `<tag>: <message> [<code> <messageCode>] (<operation> <method> <path>)` — never a query,
   * a body or a token.
   */
  override toString(): string {
    return describe(this)
  }
}

/**
 * Why the HTTP exchange itself failed. `Redirect`: the server redirected the request somewhere it may not follow
 * (a write or a request with a body to another origin, too many hops, a redirect a browser hides) — see the
 * credential boundary in docs/security.md. `Proxy`: the proxy refused the tunnel (`status` 407: its credentials).
 * `Tls`: the TLS handshake failed (an untrusted or expired server certificate, a client certificate the server
 * refused). Neither `Proxy` nor `Tls` reached the portal, and neither is retried.
 */
export type TransportErrorReason = "Network" | "Timeout" | "HttpStatus" | "Redirect" | "Proxy" | "Tls"

/** The request did not get a usable HTTP answer: network failure, timeout, unexpected status. */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly reason: TransportErrorReason
  readonly operation: string
  readonly request: RequestInfo
  readonly message: string
  /** The HTTP status, for `HttpStatus`. */
  readonly status: number | undefined
  /**
   * `false` only when the request provably never reached the server (connection refused, host
   * not found): the one case in which a state-changing request may be sent again.
   */
  readonly reachedServer: boolean
}> {
  /**
   * A network failure, a timeout or an HTTP 5xx: worth another attempt for a read. Whether a write is sent again
   * also depends on `reachedServer` (see `RetryPolicy`).
   */
  get retryable(): boolean {
    return (
      this.reason === "Network" ||
      this.reason === "Timeout" ||
      (this.reason === "HttpStatus" && (this.status ?? 0) >= 500)
    )
  }

  /**
   * One line for logs: `<tag>: <message> [<code> <messageCode>] (<operation> <method> <path>)` — never a query,
   * a body or a token.
   */
  override toString(): string {
    return describe(this)
  }
}

/** The portal answered, but not in the shape the SDK expected. */
export class DecodeError extends Data.TaggedError("DecodeError")<{
  readonly operation: string
  readonly request: RequestInfo
  readonly message: string
}> {
  /** Never: the same answer would fail to decode again. */
  get retryable(): boolean {
    return false
  }
}

/** The SDK refused the input before sending anything. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly operation: string
  /** The parameter that was refused. */
  readonly field: string | undefined
  readonly message: string
}> {
  /** Never: nothing was sent, and the same input would be refused again. */
  get retryable(): boolean {
    return false
  }
}

const describe = (error: {
  readonly _tag: string
  readonly message: string
  readonly operation: string
  readonly request: RequestInfo | undefined
  readonly code?: number
  readonly messageCode?: string | undefined
}): string => {
  const code = error.code === undefined ? "" : ` [${error.code}${error.messageCode ? ` ${error.messageCode}` : ""}]`
  const where = error.request ? ` ${error.request.method} ${error.request.path}` : ""
  return `${error._tag}: ${error.message}${code} (${error.operation}${where})`
}

/** Every failure of a portal call. */
export type PortalFailure = PortalError | AuthError | TransportError | DecodeError | InvalidInput

/** The Sharing API error envelope's inner object. */
export const ErrorBody = Schema.Struct({
  code: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  messageCode: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  details: Schema.optional(Schema.NullOr(Schema.Array(Schema.Unknown))),
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
})
export type ErrorBody = typeof ErrorBody.Type

/** The Sharing API error envelope: `{"error": {"code", "messageCode", "message", "details"}}`. */
export const ErrorEnvelope = Schema.Struct({ error: ErrorBody })
export type ErrorEnvelope = typeof ErrorEnvelope.Type

/** The server admin API's failure: `{"status": "error", "messages": [...], "code"}`. */
export const AdminErrorEnvelope = Schema.Struct({
  status: Schema.Literal("error"),
  messages: Schema.optional(Schema.Array(Schema.String)),
  code: Schema.optional(Schema.Number),
})
export type AdminErrorEnvelope = typeof AdminErrorEnvelope.Type

/** The reason a portal error code stands for. */
export const reasonOf = (code: number): PortalErrorReason => {
  if (code === 404) return "NotFound"
  if (code === 403 || code === 401) return "Forbidden"
  if (code === 429) return "RateLimited"
  if (code === 502 || code === 503 || code === 504) return "ServiceUnavailable"
  if (code >= 500) return "ServerError"
  return "InvalidRequest"
}

/**
 * The messages the portal uses when a thing does not exist or the caller may not see it. The
 * Python module turns these into `None`; so do the SDK's `get` methods.
 */
export const isNotFound = (error: PortalFailure): boolean =>
  error._tag === "PortalError" &&
  (error.reason === "NotFound" ||
    error.messageCode === "CONT_0001" ||
    error.messageCode === "COM_0003" ||
    /does not exist or is inaccessible/i.test(error.message))

/**
 * Turns the portal's "does not exist or is inaccessible" into `undefined`, as the Python module
 * returns `None`; every other failure stays a failure.
 */
export const orUndefined = <A, E extends PortalFailure, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A | undefined, E, R> => Effect.catchIf(effect, isNotFound, () => Effect.succeed(undefined))
