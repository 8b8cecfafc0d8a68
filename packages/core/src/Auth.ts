/**
 * The active auth strategy and its token sessions: one for the portal and one per federated
 * server. The Transport asks it for a token before each request and tells it when the portal
 * rejected one.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import {
  type AcquireContext,
  type Authorization,
  type AuthStrategy,
  defaultAuthorization,
  GenerateTokenResponse,
  type ServerTokenContext,
  sslOf,
  type TokenGrant,
} from "./AuthStrategy.ts"
import { type Http, portalRoute } from "./internal/http.ts"
import type { TrustBoundary } from "./internal/trust.ts"
import { AuthError, DecodeError, type PortalFailure } from "./PortalError.ts"
import type { Credentials, PortalRequest } from "./PortalRequest.ts"
import { type RetryPolicy, retrying } from "./RetryPolicy.ts"
import * as TokenSession from "./TokenSession.ts"

/**
 * The operations of the {@link Auth} service: the Transport's only way to tokens. A strategy's token is acquired
 * once and shared by concurrent requests, and renewed before it expires or after the portal rejects it.
 */
export interface AuthShape {
  /** The strategy in use. */
  readonly strategy: AuthStrategy
  /** The token a request with these credentials carries; `undefined` when there is none to carry. */
  readonly token: (credentials: Credentials) => Effect.Effect<Redacted.Redacted<string> | undefined, PortalFailure>
  /**
   * Tells the session that the portal rejected `token` (498/499); the next `token` call gets a new one. Answers
   * whether the rejection is explained by time (see `TokenSession.invalidate`): the token had reached its renewal
   * margin, or a newer one had already replaced it.
   */
  readonly invalidate: (credentials: Credentials, token: Redacted.Redacted<string>) => Effect.Effect<boolean>
  /** How a token is attached to a request. */
  readonly authorize: (token: Redacted.Redacted<string>) => Authorization
  /** The portal grant (acquiring it if needed); `undefined` for strategies without tokens. */
  readonly grant: Effect.Effect<TokenGrant | undefined, PortalFailure>
  /** Whether requests can carry a token at all. */
  readonly hasTokens: boolean
}

/** The active auth strategy with its token sessions. */
export class Auth extends Context.Service<Auth, AuthShape>()("@arcgis-portal/core/Auth") {}

/** Normalises a server URL to the key its token session is cached under. */
export const serverKey = (serverUrl: string): string => {
  const url = new URL(serverUrl)
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "").replace(/\/(rest|admin)(\/.*)?$/i, "")}`.toLowerCase()
}

/**
 * The default federated-server token: exchange the portal token with `generateToken`
 * (`token` + `serverUrl`), as Esri's clients do.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate-token.htm
 */
export const exchangeForServer = (context: ServerTokenContext): Effect.Effect<TokenGrant, PortalFailure> =>
  Effect.flatMap(
    context.send({
      operation: "Auth.serverToken",
      method: "POST",
      path: "generateToken",
      params: { token: context.portalToken, serverUrl: context.serverUrl, client: "referer", referer: "arcgis-portal" },
      credentials: "none",
    }),
    (body) =>
      Schema.decodeUnknownEffect(GenerateTokenResponse)(body).pipe(
        Effect.map((decoded) => ({
          token: Redacted.make(decoded.token),
          expires: decoded.expires,
          ssl: sslOf(decoded.ssl),
        })),
        Effect.mapError(
          () =>
            new DecodeError({
              operation: "Auth.serverToken",
              request: { method: "POST", path: "generateToken" },
              message: "The server token response has no token.",
            }),
        ),
      ),
  )

/**
 * Builds the Auth service for `strategy` (used by `Portal.layer`). Token requests go through the same transport
 * rules as every request (`http`: clear text refused, redirects followed by hand) and, when a strategy sends one
 * to another origin, through the same credential boundary (`trust`): a secret is only sent inside it. A
 * federated server gets a token only once the boundary says it belongs to the portal.
 *
 * Not for users (it takes core's private `Http` and `TrustBoundary`): `Portal.layer` provides the service.
 *
 * @internal
 */
export const make = (
  strategy: AuthStrategy,
  portal: { readonly restUrl: string; readonly retry: RetryPolicy },
  http: Http,
  trust: TrustBoundary,
): AuthShape => {
  /**
   * Sends a token request. `lookup`: whether the boundary may ask the portal about its servers — not while the
   * portal token itself is being obtained (the look-up would wait for it), so a sign-in only ever sends secrets to
   * the portal's origin and to `trustedServers`.
   */
  const sendWith =
    (lookup: boolean) =>
    (request: PortalRequest): Effect.Effect<unknown, PortalFailure> => {
      const unsent = { ...request, credentials: "none" as const }
      const foreign = http.foreign(request.path)
      const sent =
        foreign === undefined
          ? http.json(unsent, portalRoute)
          : Effect.flatMap(
              lookup ? trust.decide(foreign, "none") : Effect.succeed(trust.decideLocally(foreign)),
              (decision) => http.json(unsent, { authorization: undefined, trusted: decision.trusted }),
            )
      return retrying(portal.retry, request.idempotent ?? request.method === "GET", sent)
    }
  const send = sendWith(false)
  const sendForServer = sendWith(true)

  /** A grant that says `ssl: true` switches the whole transport to https for credentials. */
  const noteSsl = (grant: TokenGrant): TokenGrant => {
    if (grant.ssl === true) http.requireSsl()
    return grant
  }

  const acquire = strategy.acquire
  const portalSession =
    acquire === undefined
      ? undefined
      : TokenSession.make((reason, previous) => {
          const context: AcquireContext = { restUrl: portal.restUrl, reason, previous, send }
          return acquire(context).pipe(
            Effect.map(noteSsl),
            // A refused token request is an AuthError; a network failure stays a TransportError (the
            // portal was not reached, nothing was refused), and so do input and decode failures.
            Effect.mapError((error) =>
              error._tag !== "PortalError"
                ? error
                : new AuthError({
                    reason: "AcquisitionFailed",
                    code: error.code,
                    messageCode: error.messageCode,
                    message: error.message,
                    details: error.details,
                    operation: error.operation,
                    request: error.request,
                  }),
            ),
            Effect.withSpan("Auth.acquire", { attributes: { "auth.strategy": strategy.name, "auth.reason": reason } }),
          )
        })

  const servers = new Map<string, TokenSession.TokenSession>()
  const serverSession = (serverUrl: string): TokenSession.TokenSession | undefined => {
    if (portalSession === undefined) return undefined
    const key = serverKey(serverUrl)
    let session = servers.get(key)
    if (session === undefined) {
      const forServer = strategy.forServer ?? exchangeForServer
      session = TokenSession.make((reason, previous) =>
        Effect.flatMap(portalSession.get, (grant) =>
          forServer({
            restUrl: portal.restUrl,
            reason,
            previous,
            send: sendForServer,
            serverUrl: key,
            portalToken: grant.token,
          }),
        ).pipe(Effect.withSpan("Auth.serverToken", { attributes: { "auth.strategy": strategy.name } })),
      )
      servers.set(key, session)
    }
    return session
  }

  const sessionFor = (credentials: Credentials): TokenSession.TokenSession | undefined =>
    credentials === "none" ? undefined : credentials === "portal" ? portalSession : serverSession(credentials.server)

  const tokenOf = (credentials: Credentials) => {
    const session = sessionFor(credentials)
    return session === undefined ? Effect.succeed(undefined) : Effect.map(session.get, (grant) => grant.token)
  }

  return {
    strategy,
    hasTokens: portalSession !== undefined,
    // A server token is only ever exchanged for a server inside the credential boundary.
    token: (credentials) =>
      typeof credentials === "object"
        ? Effect.flatMap(trust.trustsServer(credentials.server), (trusted) =>
            trusted ? tokenOf(credentials) : Effect.succeed(undefined),
          )
        : tokenOf(credentials),
    invalidate: (credentials, token) => {
      const session = sessionFor(credentials)
      return session === undefined ? Effect.succeed(false) : session.invalidate(token)
    },
    authorize: strategy.authorize ?? defaultAuthorization,
    grant: portalSession === undefined ? Effect.succeed(undefined) : portalSession.get,
  }
}
