/**
 * Saved connections, like the Python module's `profile=` (its `.arcgisprofile`), without its
 * plaintext passwords: the non-secret fields go to a JSON file, the secret (password, API key or
 * OAuth refresh token) to the OS keyring when one is available, otherwise to a separate file
 * created with mode 0600 and encrypted with AES-256-GCM, under a key kept in its own 0600 file
 * or derived with scrypt from a passphrase.
 *
 * @see arcgis.gis.GIS (the `profile` argument)
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from "node:crypto"
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { AuthStrategy } from "@arcgis-portal/core"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { apiKey } from "../apiKey.ts"
import { builtInUser } from "../builtInUser.ts"
import { refreshTokenStrategy } from "../internal/refreshToken.ts"

/** How a profile signs in. */
export type ProfileAuth = "builtInUser" | "apiKey" | "oauth"

/** Where a profile's secret is kept. */
export type SecretStore = "keyring" | "file"

/** Why a profile operation failed. */
export type ProfileErrorReason =
  /** No profile of that name. */
  | "NotFound"
  /** The profile (name or fields) is not valid. */
  | "InvalidProfile"
  /** Neither the OS keyring nor an encrypted file could hold the secret. */
  | "NoSecretStore"
  /** The secret could not be decrypted (wrong passphrase, damaged file) or read from the keyring. */
  | "SecretUnavailable"
  /** A secrets or key file can be read by other users. */
  | "InsecurePermissions"
  /** The profiles file could not be read or written. */
  | "Storage"

/** A profile operation failed. The message names the profile and the file, never the secret. */
export class ProfileError extends Data.TaggedError("ProfileError")<{
  readonly reason: ProfileErrorReason
  readonly profile: string | undefined
  readonly message: string
}> {
  /** `ProfileError: <message>` — the message names the profile and the file, never the secret. */
  override toString(): string {
    return `ProfileError: ${this.message}`
  }
}

/** What is saved. */
export interface ProfileInput {
  /** The portal, as a user would type it. */
  readonly url: string
  readonly auth: ProfileAuth
  /** Required for `builtInUser`. */
  readonly username?: string | undefined
  /** Required for `oauth` (the app the refresh token was issued to). */
  readonly clientId?: string | undefined
  /** The password (`builtInUser`), the key (`apiKey`) or the refresh token (`oauth`). */
  readonly secret: Redacted.Redacted<string> | string
}

/** A saved profile without its secret (what `list` returns). */
export interface ProfileSummary {
  readonly name: string
  readonly url: string
  readonly auth: ProfileAuth
  readonly username?: string | undefined
  readonly clientId?: string | undefined
  readonly secretStore: SecretStore
}

/** A loaded profile; `secret` stays redacted in logs, `JSON.stringify` and `util.inspect`. */
export interface Profile extends ProfileSummary {
  readonly secret: Redacted.Redacted<string>
}

/** A secret store with the shape of an OS keyring (one secret per account). */
export interface Keyring {
  /** The secret saved for `account` (one account per profile), or `null`/`undefined` when there is none. */
  readonly get: (account: string) => string | null | undefined
  /** Saves `secret` for `account`, replacing the one saved before. */
  readonly set: (account: string, secret: string) => void
  /** Removes the secret of `account`; may throw when there is none (the caller ignores it). */
  readonly delete: (account: string) => void
}

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

const service = "arcgis-portal"
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

interface ProfilesFile {
  version: 1
  profiles: Record<string, ProfileSummary>
}

interface SecretEntry {
  kdf: "keyfile" | "scrypt"
  salt?: string
  iv: string
  tag: string
  data: string
}

interface SecretsFile {
  version: 1
  entries: Record<string, SecretEntry>
}

const fail = (reason: ProfileErrorReason, profile: string | undefined, message: string): never => {
  throw new ProfileError({ reason, profile, message })
}

const codeOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string"
    ? (error as { code: string }).code
    : undefined

const paths = (options: Options) => {
  const directory = options.directory ?? join(homedir(), ".arcgis-portal")
  return {
    directory,
    profiles: join(directory, "profiles.json"),
    secrets: join(directory, "secrets.json"),
    key: join(directory, "profiles.key"),
  }
}

/** Writes `content` to `path` with mode 0600: a temporary file renamed over the old one. */
const writePrivate = async (path: string, content: string) => {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`
  await writeFile(temporary, content, { mode: 0o600, flag: "wx" })
  // The umask may have narrowed the mode, never widened it; set it exactly anyway.
  await chmod(temporary, 0o600)
  await rename(temporary, path)
}

const readJson = async <A>(path: string, empty: A): Promise<A> => {
  let text: string
  try {
    text = await readFile(path, "utf8")
  } catch (error) {
    if (codeOf(error) === "ENOENT") return empty
    return fail("Storage", undefined, `Cannot read ${path} (${codeOf(error) ?? "error"}).`)
  }
  try {
    return JSON.parse(text) as A
  } catch {
    return fail("Storage", undefined, `${path} is not valid JSON.`)
  }
}

/** Refuses a secrets or key file that others may read (like ssh does for private keys). */
const checkPrivate = async (path: string) => {
  if (process.platform === "win32") return
  try {
    const info = await stat(path)
    if ((info.mode & 0o077) !== 0) {
      fail("InsecurePermissions", undefined, `${path} is readable by other users; run: chmod 600 ${path}`)
    }
  } catch (error) {
    if (error instanceof ProfileError) throw error
    if (codeOf(error) !== "ENOENT") fail("Storage", undefined, `Cannot read ${path} (${codeOf(error) ?? "error"}).`)
  }
}

// --- the OS keyring --------------------------------------------------------------------------

interface NativeEntry {
  getPassword(): string | null
  setPassword(password: string): void
  deletePassword(): boolean
}

let systemKeyring: Promise<Keyring | undefined> | undefined

/**
 * The OS keyring through `@napi-rs/keyring` (an optional dependency), or `undefined` when it is not
 * installed or does not work here — e.g. a headless Linux machine without a Secret Service.
 */
export const detectSystemKeyring = (): Promise<Keyring | undefined> => {
  systemKeyring ??= (async () => {
    try {
      const module = (await import("@napi-rs/keyring")) as unknown as {
        Entry: new (service: string, account: string) => NativeEntry
      }
      const entry = (account: string) => new module.Entry(service, account)
      const probe = entry(`probe-${randomBytes(6).toString("hex")}`)
      probe.setPassword("probe")
      const works = probe.getPassword() === "probe"
      probe.deletePassword()
      if (!works) return undefined
      return {
        get: (account) => entry(account).getPassword(),
        set: (account, secret) => entry(account).setPassword(secret),
        delete: (account) => {
          entry(account).deletePassword()
        },
      } satisfies Keyring
    } catch {
      return undefined
    }
  })()
  return systemKeyring
}

const keyringOf = async (options: Options): Promise<Keyring | undefined> => {
  const choice = options.keyring ?? "auto"
  if (choice === "off") return undefined
  if (typeof choice === "object") return choice
  return detectSystemKeyring()
}

const account = (name: string) => `profile:${name}`

// --- the encrypted file ----------------------------------------------------------------------

const scrypt = (passphrase: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )

/** The random file key, created (0600) on first use. */
const fileKey = async (path: string, create: boolean): Promise<Buffer> => {
  await checkPrivate(path)
  try {
    const key = Buffer.from((await readFile(path, "utf8")).trim(), "base64")
    if (key.length !== 32) fail("SecretUnavailable", undefined, `${path} does not hold a 256-bit key.`)
    return key
  } catch (error) {
    if (error instanceof ProfileError) throw error
    if (codeOf(error) !== "ENOENT" || !create) {
      return fail("SecretUnavailable", undefined, `Cannot read the key file ${path} (${codeOf(error) ?? "error"}).`)
    }
  }
  const key = randomBytes(32)
  await writePrivate(path, `${key.toString("base64")}\n`)
  return key
}

const encrypt = async (name: string, secret: string, options: Options, keyPath: string): Promise<SecretEntry> => {
  const iv = randomBytes(12)
  let key: Buffer
  let salt: Buffer | undefined
  if (options.passphrase !== undefined) {
    salt = randomBytes(16)
    key = await scrypt(Redacted.value(AuthStrategy.redact(options.passphrase)), salt)
  } else {
    key = await fileKey(keyPath, true)
  }
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  // Binding the ciphertext to the profile name: an entry copied under another name does not decrypt.
  cipher.setAAD(Buffer.from(name, "utf8"))
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()])
  return {
    kdf: salt === undefined ? "keyfile" : "scrypt",
    ...(salt === undefined ? {} : { salt: salt.toString("base64") }),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  }
}

const decrypt = async (name: string, entry: SecretEntry, options: Options, keyPath: string): Promise<string> => {
  let key: Buffer
  if (entry.kdf === "scrypt") {
    if (options.passphrase === undefined || entry.salt === undefined) {
      return fail("SecretUnavailable", name, `The secret of profile "${name}" is protected by a passphrase.`)
    }
    key = await scrypt(Redacted.value(AuthStrategy.redact(options.passphrase)), Buffer.from(entry.salt, "base64"))
  } else {
    key = await fileKey(keyPath, false)
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(entry.iv, "base64"))
    decipher.setAAD(Buffer.from(name, "utf8"))
    decipher.setAuthTag(Buffer.from(entry.tag, "base64"))
    return Buffer.concat([decipher.update(Buffer.from(entry.data, "base64")), decipher.final()]).toString("utf8")
  } catch {
    return fail(
      "SecretUnavailable",
      name,
      `The secret of profile "${name}" could not be decrypted (wrong passphrase or key file, or a damaged file).`,
    )
  }
}

// --- operations ------------------------------------------------------------------------------

const validate = (name: string, input: ProfileInput) => {
  if (!namePattern.test(name)) {
    fail("InvalidProfile", undefined, "A profile name is 1–64 letters, digits, '.', '_' or '-'.")
  }
  if (!["builtInUser", "apiKey", "oauth"].includes(input.auth)) {
    fail("InvalidProfile", name, `Profile "${name}": auth must be builtInUser, apiKey or oauth.`)
  }
  if (input.auth === "builtInUser" && !input.username) {
    fail("InvalidProfile", name, `Profile "${name}": a builtInUser profile needs a username.`)
  }
  if (input.auth === "oauth" && !input.clientId) {
    fail("InvalidProfile", name, `Profile "${name}": an oauth profile needs a clientId.`)
  }
  try {
    const url = new URL(input.url)
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("protocol")
  } catch {
    fail("InvalidProfile", name, `Profile "${name}": the url is not an http(s) URL.`)
  }
  if (Redacted.value(AuthStrategy.redact(input.secret)) === "")
    fail("InvalidProfile", name, `Profile "${name}": the secret is empty.`)
}

const ensureDirectory = async (directory: string) => {
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 })
  } catch (error) {
    fail("Storage", undefined, `Cannot create ${directory} (${codeOf(error) ?? "error"}).`)
  }
}

const saveAsync = async (name: string, input: ProfileInput, options: Options): Promise<ProfileSummary> => {
  validate(name, input)
  const secret = Redacted.value(AuthStrategy.redact(input.secret))
  const files = paths(options)
  await ensureDirectory(files.directory)
  const profiles = await readJson<ProfilesFile>(files.profiles, { version: 1, profiles: {} })
  const previous = profiles.profiles[name]
  const keyring = await keyringOf(options)
  let secretStore: SecretStore | undefined
  if (keyring !== undefined) {
    try {
      keyring.set(account(name), secret)
      secretStore = "keyring"
    } catch {
      if (options.keyring === "required" || typeof options.keyring === "object") {
        fail("NoSecretStore", name, `The OS keyring refused the secret of profile "${name}".`)
      }
    }
  } else if (options.keyring === "required") {
    fail("NoSecretStore", name, 'No OS keyring is available on this machine (keyring: "required").')
  }
  if (secretStore === undefined) {
    try {
      await checkPrivate(files.secrets)
      const secrets = await readJson<SecretsFile>(files.secrets, { version: 1, entries: {} })
      secrets.entries[name] = await encrypt(name, secret, options, files.key)
      await writePrivate(files.secrets, `${JSON.stringify(secrets, null, 2)}\n`)
      secretStore = "file"
    } catch (error) {
      if (error instanceof ProfileError && error.reason !== "Storage") throw error
      fail(
        "NoSecretStore",
        name,
        `No OS keyring is available and the encrypted secrets file ${files.secrets} could not be written${
          error instanceof ProfileError ? "" : ` (${codeOf(error) ?? "error"})`
        }.`,
      )
    }
  } else {
    const secrets = await readJson<SecretsFile>(files.secrets, { version: 1, entries: {} })
    if (secrets.entries[name] !== undefined) {
      delete secrets.entries[name]
      await writePrivate(files.secrets, `${JSON.stringify(secrets, null, 2)}\n`)
    }
  }
  if (previous?.secretStore === "keyring" && secretStore === "file") {
    try {
      keyring?.delete(account(name))
    } catch {
      // The old keyring entry is left behind; the profile now points at the file.
    }
  }
  const summary: ProfileSummary = {
    name,
    url: input.url,
    auth: input.auth,
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.clientId === undefined ? {} : { clientId: input.clientId }),
    secretStore: secretStore as SecretStore,
  }
  profiles.profiles[name] = summary
  await writePrivate(files.profiles, `${JSON.stringify(profiles, null, 2)}\n`)
  return summary
}

const loadAsync = async (name: string, options: Options): Promise<Profile> => {
  const files = paths(options)
  const profiles = await readJson<ProfilesFile>(files.profiles, { version: 1, profiles: {} })
  const summary = Object.hasOwn(profiles.profiles, name) ? profiles.profiles[name] : undefined
  if (summary === undefined) return fail("NotFound", name, `No profile named "${name}" in ${files.profiles}.`)
  let secret: string | null | undefined
  if (summary.secretStore === "keyring") {
    const keyring = await keyringOf(options)
    if (keyring === undefined) {
      return fail(
        "SecretUnavailable",
        name,
        `The secret of profile "${name}" is in the OS keyring, which is not available.`,
      )
    }
    try {
      secret = keyring.get(account(name))
    } catch {
      secret = undefined
    }
    if (secret === null || secret === undefined) {
      return fail("SecretUnavailable", name, `The OS keyring has no secret for profile "${name}".`)
    }
  } else {
    await checkPrivate(files.secrets)
    const secrets = await readJson<SecretsFile>(files.secrets, { version: 1, entries: {} })
    const entry = Object.hasOwn(secrets.entries, name) ? secrets.entries[name] : undefined
    if (entry === undefined) return fail("SecretUnavailable", name, `${files.secrets} has no secret for "${name}".`)
    secret = await decrypt(name, entry, options, files.key)
  }
  return { ...summary, name, secret: Redacted.make(secret) }
}

const removeAsync = async (name: string, options: Options): Promise<boolean> => {
  const files = paths(options)
  const profiles = await readJson<ProfilesFile>(files.profiles, { version: 1, profiles: {} })
  const summary = Object.hasOwn(profiles.profiles, name) ? profiles.profiles[name] : undefined
  if (summary === undefined) return false
  if (summary.secretStore === "keyring") {
    try {
      ;(await keyringOf(options))?.delete(account(name))
    } catch {
      // Already gone.
    }
  }
  const secrets = await readJson<SecretsFile>(files.secrets, { version: 1, entries: {} })
  if (secrets.entries[name] !== undefined) {
    delete secrets.entries[name]
    await writePrivate(files.secrets, `${JSON.stringify(secrets, null, 2)}\n`)
  }
  delete profiles.profiles[name]
  await writePrivate(files.profiles, `${JSON.stringify(profiles, null, 2)}\n`)
  return true
}

const run = <A>(operation: string, body: () => Promise<A>): Effect.Effect<A, ProfileError> =>
  Effect.tryPromise({
    try: body,
    catch: (error) =>
      error instanceof ProfileError
        ? error
        : new ProfileError({
            reason: "Storage",
            profile: undefined,
            message: `${operation} failed (${codeOf(error) ?? "unexpected error"}).`,
          }),
  })

/**
 * Saves (or replaces) a profile. The secret goes to the OS keyring when available, otherwise to
 * the encrypted secrets file; the returned summary says which.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const saved = Profiles.save("work", { url: "https://host/portal", auth: "builtInUser", username: "jsmith", secret: "…" })
 */
export const save = (
  name: string,
  input: ProfileInput,
  options: Options = {},
): Effect.Effect<ProfileSummary, ProfileError> => run("Profiles.save", () => saveAsync(name, input, options))

/**
 * Loads a profile with its secret (redacted).
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const profile = Profiles.load("work")
 */
export const load = (name: string, options: Options = {}): Effect.Effect<Profile, ProfileError> =>
  run("Profiles.load", () => loadAsync(name, options))

/**
 * The saved profiles, without secrets, sorted by name.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const all = Profiles.list()
 */
export const list = (options: Options = {}): Effect.Effect<ReadonlyArray<ProfileSummary>, ProfileError> =>
  run("Profiles.list", async () => {
    const profiles = await readJson<ProfilesFile>(paths(options).profiles, { version: 1, profiles: {} })
    return Object.entries(profiles.profiles)
      .map(([name, summary]) => ({ ...summary, name }))
      .sort((a, b) => a.name.localeCompare(b.name))
  })

/**
 * Deletes a profile and its secret; `false` when there was none.
 *
 * @example
 * import { Profiles } from "@arcgis-portal/auth-token/node"
 * const deleted = Profiles.delete("work")
 */
const remove = (name: string, options: Options = {}): Effect.Effect<boolean, ProfileError> =>
  run("Profiles.delete", () => removeAsync(name, options))

export { remove as delete }

/** What {@link fromProfile} gives: ready for `Portal.layer(...)`. */
export interface ProfileConnection {
  readonly url: string
  readonly auth: AuthStrategy.AuthStrategy
}

/**
 * The portal URL and the auth strategy of a saved profile, ready to spread into `Portal.layer`.
 * `builtInUser` profiles sign in with `generateToken`, `apiKey` profiles send the key, `oauth`
 * profiles refresh their saved refresh token (`grant_type=refresh_token`).
 *
 * @see arcgis.gis.GIS (the `profile` argument)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { fromProfile } from "@arcgis-portal/auth-token/node"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * const PortalLive = Layer.unwrap(Effect.map(fromProfile("work"), Portal.layer))
 */
export const fromProfile = (name: string, options: Options = {}): Effect.Effect<ProfileConnection, ProfileError> =>
  Effect.map(load(name, options), (profile) => {
    switch (profile.auth) {
      case "builtInUser":
        return { url: profile.url, auth: builtInUser({ username: profile.username ?? "", password: profile.secret }) }
      case "apiKey":
        return { url: profile.url, auth: apiKey(profile.secret) }
      case "oauth":
        return {
          url: profile.url,
          auth: refreshTokenStrategy({ clientId: profile.clientId ?? "", refreshToken: profile.secret }),
        }
    }
  })
