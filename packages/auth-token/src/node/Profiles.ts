/**
 * Saved connections, like the Python module's `profile=` (its `.arcgisprofile`), without its
 * plaintext passwords: the non-secret fields go to a JSON file, the secret (password, API key, token,
 * OAuth refresh token, or a client key's passphrase) to the OS keyring when one is available, otherwise
 * to a separate file created with mode 0600 and encrypted with AES-256-GCM, under a key kept in its own
 * 0600 file or derived with scrypt from a passphrase. A client-certificate (`pki`) profile keeps the
 * *paths* of its files, never their content.
 *
 * The parts: `internal/profile-schema.ts` (the kinds and their fields, validation, what is secret),
 * `internal/file-store.ts` (the files and their encryption), `internal/keyring-store.ts` (the OS keyring),
 * `internal/profile-store.ts` (which store a secret goes to) and `internal/resolution.ts` (`fromProfile`).
 *
 * @see arcgis.gis.GIS (the `profile` argument)
 * @module
 */
import * as Effect from "effect/Effect"
import { detectSystem, type KeyringAvailability } from "./internal/keyring-store.ts"
import type { Profile, ProfileError, ProfileInput, ProfileSummary } from "./internal/profile-schema.ts"
import * as Store from "./internal/profile-store.ts"

export { detectSystemKeyring, type Keyring, type KeyringAvailability } from "./internal/keyring-store.ts"
export {
  type Profile,
  type ProfileAuth,
  ProfileError,
  type ProfileErrorReason,
  type ProfileInput,
  type ProfileSummary,
  type SecretStore,
} from "./internal/profile-schema.ts"
export type { Options, RotatedRefreshToken } from "./internal/profile-store.ts"
export {
  type ClientCertificateFactory,
  type FromProfileOptions,
  fromProfile,
  type PkiCredentials,
  type ProfileConnection,
} from "./internal/resolution.ts"

/**
 * Saves (or replaces) a profile. The secret goes to the OS keyring when available, otherwise to
 * the encrypted secrets file; the returned summary says which (`"none"`: a `pki` profile without a
 * passphrase). Each kind keeps its own fields: `token` its `expires`, `oauth` its `clientId`,
 * `redirectUri` and `refreshTokenExpires`, `pki` the absolute paths of its files.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const saved = Profiles.save("work", { url: "https://host/portal", auth: "builtInUser", username: "jsmith", secret: "…" })
 * const corp = Profiles.save("corp", { url: "https://pki.example.com/portal", auth: "pki", pfxFile: "me.p12", secret: "pfx passphrase" })
 */
export const save = (
  name: string,
  input: ProfileInput,
  options: Store.Options = {},
): Effect.Effect<ProfileSummary, ProfileError> => Store.run("Profiles.save", () => Store.save(name, input, options))

/**
 * Loads a profile with its secret (redacted).
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const profile = Profiles.load("work")
 */
export const load = (name: string, options: Store.Options = {}): Effect.Effect<Profile, ProfileError> =>
  Store.run("Profiles.load", () => Store.load(name, options))

/**
 * The saved profiles, without secrets, sorted by name.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const all = Profiles.list()
 */
export const list = (options: Store.Options = {}): Effect.Effect<ReadonlyArray<ProfileSummary>, ProfileError> =>
  Store.run("Profiles.list", () => Store.list(options))

/**
 * Deletes a profile and its secret; `false` when there was none.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const deleted = Profiles.delete("work")
 */
const remove = (name: string, options: Store.Options = {}): Effect.Effect<boolean, ProfileError> =>
  Store.run("Profiles.delete", () => Store.remove(name, options))

export { remove as delete }

/**
 * Replaces the refresh token of an `oauth` profile with the one the portal issued in its place (an exchanged or
 * rotated refresh token: the old one no longer works), in the same kind of store. `fromProfile` does this by itself;
 * call it to keep a session of `@arcgis-portal/auth-oauth`'s `pkce` strategy (`strategy.session()`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * declare const refreshToken: string
 * const saved = Profiles.rotateRefreshToken("work", { refreshToken })
 */
export const rotateRefreshToken = (
  name: string,
  rotated: Store.RotatedRefreshToken,
  options: Store.Options = {},
): Effect.Effect<ProfileSummary, ProfileError> =>
  Store.run("Profiles.rotateRefreshToken", () => Store.rotateRefreshToken(name, rotated, options))

/**
 * Whether the OS keyring can hold secrets on this machine, and if not why: `"notInstalled"` (the optional
 * `@napi-rs/keyring` is missing) or `"notWorking"` (e.g. no Secret Service on a headless Linux machine). Probed once
 * per process; with `keyring: "auto"`, secrets then go to the encrypted file — a program can say so in one line.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const availability = Profiles.keyringAvailability
 */
export const keyringAvailability: Effect.Effect<KeyringAvailability> = Effect.promise(() =>
  detectSystem().then((found) => found.availability),
)
