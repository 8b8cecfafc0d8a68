/**
 * `OAuthToken.renew`, the renewal every refresh-token strategy shares (auth-oauth's pkce, auth-token's profiles):
 * generated over the refresh token's remaining life, with and without a redirect URI, and over what the portal
 * answers (a new refresh token or none, with or without its lifetime) — the request it sends, the session after it,
 * and that the refresh token travels only in the body of a credential-less POST.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import type { PortalRequest } from "../src/index.ts"
import * as OAuthToken from "../src/OAuthToken.ts"
import { AuthError } from "../src/PortalError.ts"

const day = 24 * 60 * 60 * 1000
const operations = { refresh: "test.refresh", exchange: "test.exchange" }

describe("OAuthToken.renew", () => {
  it.effect(
    "exchange near the end of life with a redirect URI, refresh otherwise; rotation and lifetimes (property)",
    () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(
            fc.option(fc.integer({ min: 1, max: 30 * day }), { nil: undefined }),
            fc.option(fc.constant("https://app.example.com/callback"), { nil: undefined }),
            fc.option(fc.constantFrom("old-refresh", "new-refresh"), { nil: undefined }),
            fc.option(fc.integer({ min: 60, max: 30 * 86_400 }), { nil: undefined }),
            async (remaining, redirectUri, answered, answeredLife) => {
              const sent: Array<PortalRequest.PortalRequest> = []
              const start = 1_000_000
              const expires = remaining === undefined ? undefined : start + remaining
              const renewed = await Effect.runPromise(
                Effect.gen(function* () {
                  yield* TestClock.setTime(start)
                  return yield* OAuthToken.renew(
                    (request) =>
                      Effect.sync(() => {
                        sent.push(request)
                        return {
                          access_token: "access",
                          expires_in: 1800,
                          ...(answered === undefined ? {} : { refresh_token: answered }),
                          ...(answeredLife === undefined ? {} : { refresh_token_expires_in: answeredLife }),
                        }
                      }),
                    {
                      operations,
                      clientId: "app",
                      session: { refreshToken: Redacted.make("old-refresh"), refreshTokenExpires: expires },
                      redirectUri,
                      exchangeWithin: day,
                    },
                  )
                }).pipe(Effect.provide(TestClock.layer())),
              )
              const exchange = redirectUri !== undefined && expires !== undefined && expires - start <= day
              expect(sent).toHaveLength(1)
              const request = sent[0]!
              expect(request).toMatchObject({ method: "POST", path: "oauth2/token", credentials: "none" })
              expect(request.operation).toBe(exchange ? operations.exchange : operations.refresh)
              expect(request.params?.grant_type).toBe(exchange ? "exchange_refresh_token" : "refresh_token")
              expect(request.params?.redirect_uri).toBe(exchange ? redirectUri : undefined)
              expect(Redacted.value(request.params?.refresh_token as Redacted.Redacted<string>)).toBe("old-refresh")
              expect(renewed.received).toBe(start)
              expect(renewed.rotated).toBe(answered === "new-refresh")
              expect(Redacted.value(renewed.session.refreshToken)).toBe(answered ?? "old-refresh")
              expect(renewed.session.refreshTokenExpires).toBe(
                answered !== undefined && answeredLife !== undefined ? start + answeredLife * 1000 : expires,
              )
            },
          ),
          { numRuns: 120 },
        ),
      ),
  )

  it.effect("an expired refresh token is refused without a request, and its value is in no error", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(5_000)
      let requests = 0
      const error = yield* Effect.flip(
        OAuthToken.renew(
          () =>
            Effect.sync(() => {
              requests += 1
              return {}
            }),
          {
            operations,
            clientId: "app",
            session: { refreshToken: Redacted.make("secret-refresh"), refreshTokenExpires: 5_000 },
            exchangeWithin: day,
          },
        ),
      )
      expect(requests).toBe(0)
      expect(error).toBeInstanceOf(AuthError)
      expect(error).toMatchObject({ reason: "AcquisitionFailed", operation: operations.refresh })
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain("secret-refresh")
    }).pipe(Effect.provide(TestClock.layer())),
  )
})
