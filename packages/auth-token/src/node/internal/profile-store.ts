/**
 * The profile store's operations — save, load, list, delete, replace a rotated refresh token — over its two secret
 * stores: each decides where a profile's secret goes (the OS keyring when the caller's choice and the machine allow,
 * otherwise the encrypted file), keeps the summary in `profiles.json`, and leaves no stale copy of a secret in the
 * store it no longer uses. Plain async functions that throw `ProfileError`; `Profiles.ts` turns them into Effects.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as FileStore from "./file-store.ts"
import { account, type Keyring, keyringOf } from "./keyring-store.ts"
import {
  fail,
  inputOf,
  type Profile,
  ProfileError,
  type ProfileInput,
  type ProfileSummary,
  type SecretStore,
  secretOf,
  summaryOf,
  validate,
} from "./profile-schema.ts"

/** Options of every profile operation. */
export interface Options {
  /** Where the files live. Default `~/.arcgis-portal`. */
  readonly directory?: string | undefined
  /**
   * Encrypt file-stored secrets with a key derived (scrypt) from this passphrase instead of a
   * random key kept in `profiles.key`.
   */
  readonly passphrase?: Redacted.Redacted<string> | string | undefined
  /**
   * `"auto"` (default): the OS keyring when it works, otherwise the encrypted file. `"off"`: always
   * the encrypted file. `"required"`: the OS keyring or a `NoSecretStore` error. Or a keyring of
   * your own.
   */
  readonly keyring?: "auto" | "off" | "required" | Keyring | undefined
}

/** Puts the secret in the keyring or, failing that (and allowed), the encrypted file; says which. */
const storeSecret = async (name: string, secret: string, options: Options): Promise<"keyring" | "file"> => {
  const keyring = await keyringOf(options.keyring)
  if (keyring !== undefined) {
    try {
      keyring.set(account(name), secret)
      await FileStore.removeSecret(name, options)
      return "keyring"
    } catch (error) {
      if (error instanceof ProfileError) throw error
      if (options.keyring === "required" || typeof options.keyring === "object") {
        fail("NoSecretStore", name, `The OS keyring refused the secret of profile "${name}".`)
      }
    }
  } else if (options.keyring === "required") {
    fail("NoSecretStore", name, 'No OS keyring is available on this machine (keyring: "required").')
  }
  try {
    await FileStore.putSecret(name, secret, options)
    return "file"
  } catch (error) {
    if (error instanceof ProfileError && error.reason !== "Storage") throw error
    return fail(
      "NoSecretStore",
      name,
      `No OS keyring is available and the encrypted secrets file ${FileStore.paths(options).secrets} could not be written${
        error instanceof ProfileError ? "" : ` (${FileStore.codeOf(error) ?? "error"})`
      }.`,
    )
  }
}

/** Deletes the keyring entry of `name`, if the keyring is reachable and has one. */
const deleteFromKeyring = async (name: string, options: Options) => {
  try {
    ;(await keyringOf(options.keyring))?.delete(account(name))
  } catch {
    // Already gone, or the keyring is not reachable now: the profile no longer points at it.
  }
}

/** Saves (or replaces) a profile; returns its summary, which says where the secret went. */
export const save = async (name: string, input: ProfileInput, options: Options): Promise<ProfileSummary> => {
  validate(name, input)
  const secret = secretOf(input)
  await FileStore.ensureDirectory(FileStore.paths(options).directory)
  const profiles = await FileStore.readProfiles(options)
  const previous = FileStore.summaryIn(profiles, name)
  const secretStore: SecretStore = secret === undefined ? "none" : await storeSecret(name, secret, options)
  // The secret moved (or a pki profile lost its passphrase): no copy stays behind in the other store. (A secret put
  // in the keyring has already been removed from the file.)
  if (previous?.secretStore === "keyring" && secretStore !== "keyring") await deleteFromKeyring(name, options)
  if (secretStore === "none") await FileStore.removeSecret(name, options)
  const summary = summaryOf(name, input, secretStore)
  profiles.profiles[name] = summary
  await FileStore.writeProfiles(options, profiles)
  return summary
}

/** Loads a profile with its secret. */
export const load = async (name: string, options: Options): Promise<Profile> => {
  const profiles = await FileStore.readProfiles(options)
  const stored = FileStore.summaryIn(profiles, name)
  if (stored === undefined) {
    return fail("NotFound", name, `No profile named "${name}" in ${FileStore.paths(options).profiles}.`)
  }
  const summary: ProfileSummary = { ...stored, name }
  switch (summary.secretStore) {
    case "none":
      return { ...summary, secret: undefined }
    case "keyring": {
      const keyring = await keyringOf(options.keyring)
      if (keyring === undefined) {
        return fail(
          "SecretUnavailable",
          name,
          `The secret of profile "${name}" is in the OS keyring, which is not available.`,
        )
      }
      let secret: string | null | undefined
      try {
        secret = keyring.get(account(name))
      } catch {
        secret = undefined
      }
      if (secret === null || secret === undefined) {
        return fail("SecretUnavailable", name, `The OS keyring has no secret for profile "${name}".`)
      }
      return { ...summary, secret: Redacted.make(secret) }
    }
    default:
      return { ...summary, secret: Redacted.make(await FileStore.getSecret(name, options)) }
  }
}

/** The saved profiles, without secrets, sorted by name. */
export const list = async (options: Options): Promise<ReadonlyArray<ProfileSummary>> => {
  const profiles = await FileStore.readProfiles(options)
  return Object.entries(profiles.profiles)
    .map(([name, summary]) => ({ ...summary, name }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Deletes a profile and its secret; `false` when there was none. */
export const remove = async (name: string, options: Options): Promise<boolean> => {
  const profiles = await FileStore.readProfiles(options)
  const summary = FileStore.summaryIn(profiles, name)
  if (summary === undefined) return false
  if (summary.secretStore === "keyring") await deleteFromKeyring(name, options)
  await FileStore.removeSecret(name, options)
  delete profiles.profiles[name]
  await FileStore.writeProfiles(options, profiles)
  return true
}

/** What the portal handed back when it rotated an OAuth profile's refresh token. */
export interface RotatedRefreshToken {
  readonly refreshToken: Redacted.Redacted<string> | string
  /** When the new refresh token stops working (epoch milliseconds), if the portal said. */
  readonly refreshTokenExpires?: number | undefined
}

/** Replaces the refresh token of an `oauth` profile (and its expiry), keeping everything else. */
export const rotateRefreshToken = async (
  name: string,
  rotated: RotatedRefreshToken,
  options: Options,
): Promise<ProfileSummary> => {
  const profiles = await FileStore.readProfiles(options)
  const summary = FileStore.summaryIn(profiles, name)
  if (summary === undefined) {
    return fail("NotFound", name, `No profile named "${name}" in ${FileStore.paths(options).profiles}.`)
  }
  if (summary.auth !== "oauth") {
    return fail("InvalidProfile", name, `Profile "${name}" is not an oauth profile: it has no refresh token.`)
  }
  const input = inputOf(summary, undefined)
  return save(
    name,
    {
      ...input,
      refreshTokenExpires: rotated.refreshTokenExpires ?? summary.refreshTokenExpires,
      secret: rotated.refreshToken,
    },
    options,
  )
}

/** Runs a store operation as an Effect; anything but a `ProfileError` becomes a `Storage` one (without its text). */
export const run = <A>(operation: string, body: () => Promise<A>): Effect.Effect<A, ProfileError> =>
  Effect.tryPromise({
    try: body,
    catch: (error) =>
      error instanceof ProfileError
        ? error
        : new ProfileError({
            reason: "Storage",
            profile: undefined,
            message: `${operation} failed (${FileStore.codeOf(error) ?? "unexpected error"}).`,
          }),
  })
