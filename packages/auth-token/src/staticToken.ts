/**
 * A token obtained elsewhere (another app, a script, a vault): used as is; core never asks the
 * portal for a new one.
 */
import { AuthStrategy } from "@arcgis-portal/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"

/** A secret, or a function that reads the current one (an environment variable, a file, a vault). */
export type SecretSource = Redacted.Redacted<string> | string | (() => Redacted.Redacted<string> | string)

/** Options of {@link staticToken}. */
export interface StaticTokenOptions {
  /** When the token stops working (epoch milliseconds or a Date), if known. */
  readonly expires?: number | Date | undefined
  /** The user the token stands for, if known. */
  readonly username?: string | undefined
}

/** Reads a source each time a token is wanted, so a rotated secret is picked up after a 498. */
export const readSource = (source: SecretSource): Redacted.Redacted<string> =>
  AuthStrategy.redact(typeof source === "function" ? source() : source)

/**
 * Authenticates with a token you already have. When the portal rejects it (498) the token is read
 * again — a function `token` can return a rotated one — and the request retried once; once a known
 * `expires` has passed, requests fail with an `AuthError` without being sent.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate-token.htm
 * @see arcgis.gis.GIS (the `token` argument)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { staticToken } from "@arcgis-portal/auth-token"
 * const layer = Portal.layer({ url: "https://host/portal", auth: staticToken(process.env.ARCGIS_TOKEN ?? "") })
 */
export const staticToken = (token: SecretSource, options: StaticTokenOptions = {}): AuthStrategy.AuthStrategy => {
  const expires = options.expires instanceof Date ? options.expires.getTime() : options.expires
  return {
    name: "staticToken",
    acquire: () =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        expires !== undefined && now >= expires
          ? Effect.fail(
              AuthStrategy.failure(
                "staticToken.acquire",
                "AcquisitionFailed",
                "The token has expired, and a static token cannot be renewed.",
              ),
            )
          : Effect.sync(() => ({ token: readSource(token), expires, username: options.username })),
      ),
  }
}
