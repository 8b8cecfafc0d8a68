/**
 * From a saved profile to a connection: the portal URL and the auth strategy of its kind. A `token` profile keeps its
 * expiry; an `oauth` profile saves the refresh token the portal rotates; a `pki` profile reads the files its paths
 * name when it is resolved (the key and its passphrase only ever as `Redacted`) and builds the strategy with the
 * `clientCertificate` factory of `@arcgis-portal/auth-pki`, which the caller passes (auth-token does not depend on it).
 */
import { readFile } from "node:fs/promises"
import type { AuthStrategy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { apiKey } from "../../apiKey.ts"
import { builtInUser } from "../../builtInUser.ts"
import { refreshTokenStrategy } from "../../internal/refreshToken.ts"
import { staticToken } from "../../staticToken.ts"
import { codeOf } from "./file-store.ts"
import { fail, type Profile, type ProfileError } from "./profile-schema.ts"
import * as Store from "./profile-store.ts"

/** The client certificate of a `pki` profile, read from its files: what `clientCertificate` of auth-pki takes. */
export type PkiCredentials =
  | {
      readonly cert: string
      readonly key: Redacted.Redacted<string>
      readonly passphrase?: Redacted.Redacted<string> | undefined
    }
  | {
      readonly pfx: Redacted.Redacted<Uint8Array>
      readonly passphrase?: Redacted.Redacted<string> | undefined
    }

/**
 * Makes the strategy of a client certificate: pass `clientCertificate` from `@arcgis-portal/auth-pki` (it has this
 * shape), so that auth-token does not depend on the PKI package.
 */
export type ClientCertificateFactory = (
  credentials: PkiCredentials,
  options: { readonly ca?: string | undefined },
) => AuthStrategy.AuthStrategy

/** Options of {@link fromProfile}: those of every profile operation, and how a `pki` profile signs in. */
export interface FromProfileOptions extends Store.Options {
  /** Required for `pki` profiles: `clientCertificate` from `@arcgis-portal/auth-pki`. */
  readonly clientCertificate?: ClientCertificateFactory | undefined
}

/** What {@link fromProfile} gives: ready for `Portal.layer(...)`. */
export interface ProfileConnection {
  readonly url: string
  readonly auth: AuthStrategy.AuthStrategy
}

const readProfileFile = async (name: string, what: string, path: string): Promise<Buffer> => {
  try {
    return await readFile(path)
  } catch (error) {
    return fail(
      "FileUnavailable",
      name,
      `Profile "${name}": cannot read the ${what} ${path} (${codeOf(error) ?? "error"}).`,
    )
  }
}

/** The client-certificate strategy of a `pki` profile, its files read now. */
const certificateOf = async (profile: Profile, factory: ClientCertificateFactory | undefined) => {
  const name = profile.name
  if (factory === undefined) {
    return fail(
      "InvalidProfile",
      name,
      `Profile "${name}" signs in with a client certificate: pass { clientCertificate } from @arcgis-portal/auth-pki to fromProfile.`,
    )
  }
  const passphrase = profile.secret
  const ca =
    profile.caFile === undefined
      ? undefined
      : (await readProfileFile(name, "CA certificate", profile.caFile)).toString("utf8")
  if (profile.pfxFile !== undefined) {
    const pfx = new Uint8Array(await readProfileFile(name, "PKCS#12 file", profile.pfxFile))
    return factory({ pfx: Redacted.make(pfx), passphrase }, { ca })
  }
  if (profile.certFile === undefined || profile.keyFile === undefined) {
    return fail("InvalidProfile", name, `Profile "${name}": a pki profile needs certFile and keyFile, or pfxFile.`)
  }
  const cert = (await readProfileFile(name, "certificate", profile.certFile)).toString("utf8")
  const key = Redacted.make((await readProfileFile(name, "private key", profile.keyFile)).toString("utf8"))
  return factory({ cert, key, passphrase }, { ca })
}

const secretOf = (profile: Profile): Redacted.Redacted<string> =>
  profile.secret ?? fail("SecretUnavailable", profile.name, `Profile "${profile.name}" has no secret.`)

/** The strategy of a loaded profile. */
const strategyOf = (
  profile: Profile,
  options: FromProfileOptions,
): Promise<AuthStrategy.AuthStrategy> | AuthStrategy.AuthStrategy => {
  switch (profile.auth) {
    case "builtInUser":
      return builtInUser({ username: profile.username ?? "", password: secretOf(profile) })
    case "apiKey":
      return apiKey(secretOf(profile))
    case "token":
      return staticToken(secretOf(profile), { expires: profile.expires, username: profile.username })
    case "oauth":
      return refreshTokenStrategy({
        clientId: profile.clientId ?? "",
        refreshToken: secretOf(profile),
        redirectUri: profile.redirectUri,
        refreshTokenExpires: profile.refreshTokenExpires,
        // The portal revoked the old refresh token: the new one must be saved, or the next run cannot sign in.
        onRotate: (rotated) =>
          Store.run("Profiles.rotateRefreshToken", () => Store.rotateRefreshToken(profile.name, rotated, options)).pipe(
            Effect.asVoid,
            Effect.catch((error) =>
              Effect.logWarning(
                `The rotated refresh token of profile "${profile.name}" was not saved: ${error.message}`,
              ),
            ),
          ),
      })
    case "pki":
      return certificateOf(profile, options.clientCertificate)
  }
}

/**
 * The portal URL and the auth strategy of a saved profile, ready to spread into `Portal.layer`.
 * `builtInUser` profiles sign in with `generateToken`, `apiKey` profiles send the key, `token` profiles send the
 * token until its saved expiry, `oauth` profiles refresh their saved refresh token (`grant_type=refresh_token`,
 * exchanged near its end when the profile has a `redirectUri`) and save the new one whenever the portal rotates it,
 * and `pki` profiles present their client certificate (pass `clientCertificate` from `@arcgis-portal/auth-pki`).
 *
 * @see arcgis.gis.GIS (the `profile` argument)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { fromProfile } from "@arcgis-portal/auth-token/node"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * const PortalLive = Layer.unwrap(Effect.map(fromProfile("work"), Portal.layer))
 */
export const fromProfile = (
  name: string,
  options: FromProfileOptions = {},
): Effect.Effect<ProfileConnection, ProfileError> =>
  Store.run("fromProfile", async () => {
    const profile = await Store.load(name, options)
    return { url: profile.url, auth: await strategyOf(profile, options) }
  })
