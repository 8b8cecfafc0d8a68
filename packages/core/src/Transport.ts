/**
 * Sends PortalRequests: adds `f=json`, encodes form or multipart bodies, switches long GETs to
 * POST, attaches the token (never in a query string), detects the error envelope the portal
 * returns with HTTP 200, retries by the rule in `RetryPolicy`, refreshes a rejected token once,
 * and aborts the fetch when the fiber is interrupted. Each request is a span named after its
 * operation, with the method and path (no query, no token) as attributes.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { AuthShape } from "./Auth.ts"
import type { Authorization } from "./AuthStrategy.ts"
import type { ByteResponse, Http } from "./internal/http.ts"
import { DecodeError, type PortalFailure } from "./PortalError.ts"
import type { Credentials, PortalRequest } from "./PortalRequest.ts"
import { type RetryPolicy, retrying } from "./RetryPolicy.ts"

export type { ByteResponse } from "./internal/http.ts"

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

/** Builds the Transport (used by `Portal.layer`). */
export const make = (
  portal: { readonly retry: RetryPolicy; readonly restUrl: string },
  auth: AuthShape,
  http: Http,
): TransportShape => {
  const authenticated = <A>(
    request: PortalRequest,
    send: (authorization: Authorization | undefined) => Effect.Effect<A, PortalFailure>,
  ): Effect.Effect<A, PortalFailure> => {
    const credentials: Credentials = request.credentials ?? "portal"
    const idempotent = request.idempotent ?? request.method === "GET"
    const attempt = (token: Redacted.Redacted<string> | undefined) =>
      retrying(portal.retry, idempotent, send(token === undefined ? undefined : auth.authorize(token)))
    const once = Effect.flatMap(auth.token(credentials), (token) =>
      Effect.catch(attempt(token), (error: PortalFailure) => {
        // A rejected or missing token: renew it (one acquisition for all fibers) and try once more.
        if (error._tag !== "AuthError" || credentials === "none" || !auth.hasTokens) return Effect.fail(error)
        return Effect.andThen(
          token === undefined ? Effect.void : auth.invalidate(credentials, token),
          Effect.flatMap(auth.token(credentials), attempt),
        )
      }),
    )
    const path = http.pathname(request.path)
    return Effect.withSpan(once, request.operation, {
      attributes: { "http.request.method": request.method, "url.path": path, "auth.strategy": auth.strategy.name },
      // The call site would be this file, never the user's code; capturing it cost ~3% of a request's CPU.
      captureStackTrace: false,
    }).pipe(Effect.annotateLogs({ operation: request.operation, method: request.method, path }))
  }

  const json: TransportShape["json"] = (request) =>
    authenticated(request, (authorization) => http.json(request, authorization))

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

  const bytes: TransportShape["bytes"] = (request) =>
    authenticated(request, (authorization) => http.bytes(request, authorization))

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
