/**
 * Sends PortalRequests: adds `f=json`, encodes form or multipart bodies, switches long GETs to
 * POST, attaches the token (never in a query string), detects the error envelope the portal
 * returns with HTTP 200, retries by the rule in `RetryPolicy`, refreshes a rejected token once,
 * and aborts the fetch when the fiber is interrupted. Each request is a span named after its
 * operation, with the method and path (no query, no token) as attributes.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { AuthShape } from "./Auth.ts"
import type { ByteResponse, Http, Route } from "./internal/http.ts"
import type { Decision, TrustBoundary } from "./internal/trust.ts"
import { DecodeError, type PortalFailure } from "./PortalError.ts"
import type { Credentials, PortalRequest } from "./PortalRequest.ts"
import { type RetryPolicy, retrying } from "./RetryPolicy.ts"

export type { ByteResponse } from "./internal/http.ts"

/**
 * The operations of the {@link Transport} service. Feature services rarely call them directly: an endpoint
 * descriptor and `Endpoint.call` do.
 */
export interface TransportShape {
  /** Sends `request` and returns its JSON body (an error envelope becomes a typed failure). */
  readonly json: (request: PortalRequest) => Effect.Effect<unknown, PortalFailure>
  /** Sends `request` and decodes its JSON body with `schema`. */
  readonly decode: <S extends Schema.Top>(
    request: PortalRequest,
    schema: S,
  ) => Effect.Effect<S["Type"], PortalFailure, S["DecodingServices"]>
  /** Sends `request` and returns its body as a byte stream (downloads). */
  readonly bytes: (request: PortalRequest) => Effect.Effect<ByteResponse, PortalFailure>
  /** The absolute URL of a path relative to the REST root. */
  readonly url: (path: string) => string
}

/** Sends requests to the portal. */
export class Transport extends Context.Service<Transport, TransportShape>()("@arcgis-portal/core/Transport") {}

/** How many times one request renews a rejected token (see `withRenewal` in {@link make}). */
const maxRenewals = 4

/** What a request to the portal's own origin carries: what it asked for. */
const portalDecision = (credentials: Credentials): Decision => ({ credentials, trusted: true, why: "portal" })

const credentialKind = (credentials: Credentials): string => (typeof credentials === "object" ? "server" : credentials)

/**
 * Builds the Transport (used by `Portal.layer`). Every request passes the credential boundary (`trust`): a
 * request to another origin than the portal's carries credentials only when the boundary says that origin belongs
 * to the portal (or the user trusts it); otherwise it is sent without them. The decision is a span attribute
 * (`auth.trust`, `auth.credentials`) and a debug log line when credentials are withheld — never the token.
 *
 * Not for users (it takes core's private `Http` and `TrustBoundary`): `Portal.layer` provides the service.
 *
 * @internal
 */
export const make = (
  portal: { readonly retry: RetryPolicy; readonly restUrl: string },
  auth: AuthShape,
  http: Http,
  trust: TrustBoundary,
): TransportShape => {
  const authenticated = <A>(
    request: PortalRequest,
    send: (route: Route) => Effect.Effect<A, PortalFailure>,
  ): Effect.Effect<A, PortalFailure> => {
    const wanted: Credentials = request.credentials ?? "portal"
    const idempotent = request.idempotent ?? request.method === "GET"
    const foreign = http.foreign(request.path)
    const path = http.pathname(request.path)
    const withDecision = (decision: Decision) => {
      const credentials = decision.credentials
      const attempt = (token: Redacted.Redacted<string> | undefined) =>
        retrying(
          portal.retry,
          idempotent,
          send({ authorization: token === undefined ? undefined : auth.authorize(token), trusted: decision.trusted }),
        )
      // A rejected or missing token: renew it (one acquisition for all fibers) and try once more. Again only while
      // each rejection is explained by time — the token expired while the request waited to be served (a long
      // queue, a busy machine) or a newer one had replaced it — and at most `maxRenewals` times: a token the portal
      // refuses for another reason is renewed once, never in a loop. The portal did nothing with a rejected request,
      // so sending a write again is safe.
      const withRenewal = (
        token: Redacted.Redacted<string> | undefined,
        renewals: number,
      ): Effect.Effect<A, PortalFailure> =>
        Effect.catch(attempt(token), (error: PortalFailure) => {
          if (error._tag !== "AuthError" || credentials === "none" || !auth.hasTokens) return Effect.fail(error)
          if (renewals >= maxRenewals) return Effect.fail(error)
          const explained = token === undefined ? Effect.succeed(false) : auth.invalidate(credentials, token)
          return Effect.flatMap(explained, (byTime) =>
            renewals === 0 || byTime
              ? Effect.flatMap(auth.token(credentials), (next) => withRenewal(next, renewals + 1))
              : Effect.fail(error),
          )
        })
      return Effect.flatMap(auth.token(credentials), (token) => withRenewal(token, 0))
    }
    const once =
      foreign === undefined
        ? withDecision(portalDecision(wanted))
        : Effect.flatMap(trust.decide(foreign, wanted), (decision) => {
            const withheld = wanted !== "none" && decision.credentials === "none"
            return Effect.annotateCurrentSpan({
              "auth.trust": decision.why,
              "auth.credentials": withheld ? "withheld" : credentialKind(decision.credentials),
            }).pipe(
              Effect.andThen(
                withheld
                  ? Effect.logDebug(
                      `Credentials withheld from ${foreign.origin}: neither the portal nor a server it lists as its own.`,
                    )
                  : Effect.void,
              ),
              Effect.andThen(withDecision(decision)),
            )
          })
    return Effect.withSpan(once, request.operation, {
      attributes: { "http.request.method": request.method, "url.path": path, "auth.strategy": auth.strategy.name },
      // The call site would be this file, never the user's code; capturing it cost ~3% of a request's CPU.
      captureStackTrace: false,
    }).pipe(Effect.annotateLogs({ operation: request.operation, method: request.method, path }))
  }

  const json: TransportShape["json"] = (request) => authenticated(request, (route) => http.json(request, route))

  const decode: TransportShape["decode"] = (request, schema) =>
    Effect.flatMap(json(request), (body) =>
      Effect.mapError(
        Schema.decodeUnknownEffect(schema)(body),
        (error) =>
          new DecodeError({
            operation: request.operation,
            request: { method: request.method, path: http.pathname(request.path) },
            message: `The response did not have the expected shape: ${error.message}`,
          }),
      ),
    )

  const bytes: TransportShape["bytes"] = (request) => authenticated(request, (route) => http.bytes(request, route))

  return { json, decode, bytes, url: (path) => http.resolve(path).href }
}

/** Reads a whole byte stream (a `ByteResponse`'s `stream`) into one array: thumbnails, small files. */
export const collectBytes = <E>(stream: Stream.Stream<Uint8Array, E>): Effect.Effect<Uint8Array, E> =>
  Effect.map(Stream.runCollect(stream), (chunks) => {
    const parts = Array.from(chunks)
    const out = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0))
    let offset = 0
    for (const part of parts) {
      out.set(part, offset)
      offset += part.byteLength
    }
    return out
  })
