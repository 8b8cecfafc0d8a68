/**
 * The OAuth 2.0 token endpoint as the strategies use it: what `oauth2/token` answers (an authorization code, a refresh
 * token or client credentials exchanged), and the one refresh request — and the renewal around it (expiry check,
 * exchange near the end of life, rotation) — every strategy holding a refresh token uses: `auth-oauth`'s `pkce` and
 * `auth-token`'s refresh-token profiles alike.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { type AcquireContext, decodeTokenResponse, failure, SslFlag } from "./AuthStrategy.ts"
import type { PortalFailure } from "./PortalError.ts"

/** What `oauth2/token` answers. */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  /** Seconds. */
  expires_in: Schema.Number,
  username: Schema.optional(Schema.String),
  refresh_token: Schema.optional(Schema.String),
  /** Seconds. */
  refresh_token_expires_in: Schema.optional(Schema.Number),
  /** `true` when the org requires https: the token then only travels over https. */
  ssl: SslFlag,
})
export type TokenResponse = typeof TokenResponse.Type

/** What {@link refresh} sends. */
export interface RefreshInput {
  /** The span and error name (`pkce.refresh`, `oauth.exchangeRefreshToken`…). */
  readonly operation: string
  readonly clientId: string
  readonly refreshToken: Redacted.Redacted<string>
  /**
   * Ask for a new refresh token too (`grant_type=exchange_refresh_token`, which needs the app's `redirectUri`),
   * rather than only an access token (`refresh_token`).
   */
  readonly exchange: boolean
  readonly redirectUri?: string | undefined
}

/**
 * `POST oauth2/token` with a refresh token, without credentials (the refresh token is the credential, in the body),
 * decoded as a {@link TokenResponse}.
 */
export const refresh = (
  send: AcquireContext["send"],
  input: RefreshInput,
): Effect.Effect<TokenResponse, PortalFailure> =>
  Effect.flatMap(
    send({
      operation: input.operation,
      method: "POST",
      path: "oauth2/token",
      params: {
        client_id: input.clientId,
        grant_type: input.exchange ? "exchange_refresh_token" : "refresh_token",
        refresh_token: input.refreshToken,
        redirect_uri: input.exchange ? input.redirectUri : undefined,
      },
      credentials: "none",
    }),
    decodeTokenResponse(TokenResponse, input.operation, "oauth2/token"),
  )

/** A refresh token and when it expires (epoch milliseconds; `undefined`: not known). */
export interface RefreshSession {
  readonly refreshToken: Redacted.Redacted<string>
  readonly refreshTokenExpires: number | undefined
}

/** What {@link renew} sends and when it asks for a new refresh token. */
export interface RenewInput {
  /** The operation names of a plain refresh and of an exchange (`pkce.refresh`, `pkce.exchangeRefreshToken`…). */
  readonly operations: { readonly refresh: string; readonly exchange: string }
  readonly clientId: string
  readonly session: RefreshSession
  /** The app's redirect URI: without one the refresh token is never exchanged. */
  readonly redirectUri?: string | undefined
  /** Exchange the refresh token for a new one when it expires within this many milliseconds. */
  readonly exchangeWithin: number
}

/** What one renewal gave: the answer, the session after it, whether the refresh token changed, and when it came. */
export interface Renewed {
  readonly response: TokenResponse
  readonly session: RefreshSession
  /** The portal gave a new refresh token (save it: the old one may stop working). */
  readonly rotated: boolean
  /** The operation name used (refresh or exchange). */
  readonly operation: string
  /** When the answer arrived (epoch milliseconds): the access token's `expires_in` counts from here. */
  readonly received: number
}

/**
 * One renewal with a refresh token, as every strategy holding one does it: refused without a request once the
 * refresh token has expired; an exchange for a new refresh token (`exchange_refresh_token`) when it expires within
 * `exchangeWithin` and a redirect URI is known, else a plain refresh; the answer's refresh token, when it has one,
 * replaces the session's (with its new lifetime).
 */
export const renew = (send: AcquireContext["send"], input: RenewInput): Effect.Effect<Renewed, PortalFailure> =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const { refreshToken, refreshTokenExpires } = input.session
    if (refreshTokenExpires !== undefined && now >= refreshTokenExpires) {
      return yield* failure(
        input.operations.refresh,
        "AcquisitionFailed",
        "The refresh token has expired: sign in again.",
      )
    }
    const exchange =
      input.redirectUri !== undefined &&
      refreshTokenExpires !== undefined &&
      refreshTokenExpires - now <= input.exchangeWithin
    const operation = exchange ? input.operations.exchange : input.operations.refresh
    const response = yield* refresh(send, {
      operation,
      clientId: input.clientId,
      refreshToken,
      exchange,
      redirectUri: input.redirectUri,
    })
    const received = yield* Clock.currentTimeMillis
    if (response.refresh_token === undefined) {
      return { response, session: input.session, rotated: false, operation, received }
    }
    const session: RefreshSession = {
      refreshToken: Redacted.make(response.refresh_token),
      refreshTokenExpires:
        response.refresh_token_expires_in === undefined
          ? refreshTokenExpires
          : received + response.refresh_token_expires_in * 1000,
    }
    return { response, session, rotated: response.refresh_token !== Redacted.value(refreshToken), operation, received }
  })
