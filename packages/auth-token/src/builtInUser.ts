/** A portal (built-in) account signed in with its username and password through `generateToken`. */
import { AuthStrategy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** Options of {@link builtInUser}. */
export interface BuiltInUserOptions {
  /** Case-sensitive, as the portal stores it. */
  readonly username: string
  readonly password: Redacted.Redacted<string> | string
  /** Token lifetime in minutes (default 60; the portal caps it at its own maximum). */
  readonly expiration?: number | undefined
  /**
   * The `referer` the token is bound to (`client=referer`). Default: the page's origin in a
   * browser, `arcgis-portal` elsewhere.
   */
  readonly referer?: string | undefined
}

const defaultReferer = (): string => {
  const location = (globalThis as { location?: { origin?: unknown } }).location
  return typeof location?.origin === "string" && location.origin !== "null" ? location.origin : "arcgis-portal"
}

/**
 * Signs in as a built-in portal user: `POST generateToken` with `client=referer`, the password only
 * ever in the POST body. Core's token session renews the token shortly before it expires and once
 * after the portal rejects it (498).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate-token.htm
 * @see arcgis.gis.GIS (the `username` and `password` arguments)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { builtInUser } from "@arcgis-portal/auth-token"
 * import * as Redacted from "effect/Redacted"
 * const layer = Portal.layer({
 *   url: "https://host/portal",
 *   auth: builtInUser({ username: "jsmith", password: Redacted.make(process.env.ARCGIS_PASSWORD ?? "") }),
 * })
 */
export const builtInUser = (options: BuiltInUserOptions): AuthStrategy.AuthStrategy => {
  const password = AuthStrategy.redact(options.password)
  const referer = options.referer ?? defaultReferer()
  return {
    name: "builtInUser",
    acquire: (context) =>
      context
        .send({
          operation: "builtInUser.generateToken",
          method: "POST",
          path: "generateToken",
          params: {
            username: options.username,
            password,
            client: "referer",
            referer,
            expiration: options.expiration ?? 60,
          },
          credentials: "none",
        })
        .pipe(
          Effect.flatMap(
            AuthStrategy.decodeTokenResponse(
              AuthStrategy.GenerateTokenResponse,
              "builtInUser.generateToken",
              "generateToken",
            ),
          ),
          Effect.map((decoded) => ({
            token: Redacted.make(decoded.token),
            expires: decoded.expires,
            username: options.username,
            ssl: AuthStrategy.sslOf(decoded.ssl),
          })),
        ),
  }
}
