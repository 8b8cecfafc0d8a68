/**
 * An example auth plugin: the token comes from an environment variable or a secrets file (a
 * Kubernetes/Docker secret, a file a sidecar keeps fresh). The source is read on every
 * acquisition, so after the portal rejects the token (498) core asks again and the plugin picks
 * up a rotated secret. Everything else — caching, single-flight refresh, the one retry — is core's.
 */
import { readFile } from "node:fs/promises"
import { AuthStrategy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** Options of {@link envToken}. */
export interface Options {
  /** The environment variable holding the token. Default `ARCGIS_TOKEN`. */
  readonly variable?: string | undefined
  /** A file holding the token (surrounding whitespace ignored), read when the variable is unset or empty. */
  readonly file?: string | undefined
  /** Where variables are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /**
   * How to place the token. Default: core's (`X-Esri-Authorization` header; the POST body in browsers).
   */
  readonly authorize?: AuthStrategy.AuthStrategy["authorize"]
}

const failure = (message: string) => AuthStrategy.failure("EnvToken.acquire", "AcquisitionFailed", message)

/**
 * A strategy whose token is read from `options.variable` (default `ARCGIS_TOKEN`) or, when that is
 * unset, from `options.file`.
 *
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { envToken } from "@arcgis-portal/example-auth-env-token"
 *
 * const PortalLive = Portal.layer({
 *   url: "https://portal.example.com/portal",
 *   auth: envToken({ variable: "ARCGIS_TOKEN", file: "/run/secrets/arcgis_token" }),
 * })
 */
export const envToken = (options: Options = {}): AuthStrategy.AuthStrategy => {
  const variable = options.variable ?? "ARCGIS_TOKEN"
  const file = options.file
  const fromFile = (path: string) =>
    Effect.tryPromise({
      try: () => readFile(path, "utf8"),
      // The path is not a secret; the file's content is, and no error ever carries it.
      catch: (error) =>
        failure(`Could not read the token file ${path} (${(error as { code?: string }).code ?? "unknown error"}).`),
    }).pipe(
      Effect.flatMap((text) =>
        text.trim() === "" ? Effect.fail(failure(`The token file ${path} is empty.`)) : Effect.succeed(text.trim()),
      ),
    )

  return {
    name: "envToken",
    acquire: () =>
      Effect.suspend(() => {
        const value = (options.env ?? process.env)[variable]?.trim()
        if (value) return Effect.succeed(value)
        if (file !== undefined) return fromFile(file)
        return Effect.fail(failure(`No token: set the environment variable ${variable}.`))
      }).pipe(
        // No expiry is known: core keeps the token until the portal rejects it, then asks again.
        Effect.map((token) => ({ token: Redacted.make(token), expires: undefined })),
      ),
    authorize: options.authorize,
  }
}
