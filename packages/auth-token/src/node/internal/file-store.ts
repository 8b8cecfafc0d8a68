/**
 * The files of the profile store, in one directory (default `~/.arcgis-portal`, mode 0700): `profiles.json` (the
 * non-secret summaries), `secrets.json` (secrets encrypted with AES-256-GCM, each bound to its profile's name) and
 * `profiles.key` (the random file key, unless a passphrase derives one with scrypt). Every file is written 0600
 * through a temporary file renamed over the old one; a secrets or key file others can read is refused, as ssh does.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from "node:crypto"
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { AuthStrategy } from "@arcgis-portal/core"
import * as Redacted from "effect/Redacted"
import { fail, ProfileError, type ProfileSummary } from "./profile-schema.ts"

/** Where the files live, and the passphrase that derives the file key instead of `profiles.key`. */
export interface FileStoreOptions {
  readonly directory?: string | undefined
  readonly passphrase?: Redacted.Redacted<string> | string | undefined
}

/** `profiles.json`. */
export interface ProfilesFile {
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

/** The `code` of a Node system error (`ENOENT`), if any. */
export const codeOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string"
    ? (error as { code: string }).code
    : undefined

/** The paths of the store's files. */
export const paths = (options: FileStoreOptions) => {
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

/** Creates the store's directory (0700) if it is missing. */
export const ensureDirectory = async (directory: string): Promise<void> => {
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 })
  } catch (error) {
    fail("Storage", undefined, `Cannot create ${directory} (${codeOf(error) ?? "error"}).`)
  }
}

// --- profiles.json ---------------------------------------------------------------------------

/** `profiles.json`, or an empty one when there is none yet. */
export const readProfiles = (options: FileStoreOptions): Promise<ProfilesFile> =>
  readJson<ProfilesFile>(paths(options).profiles, { version: 1, profiles: {} })

/** Replaces `profiles.json`. */
export const writeProfiles = (options: FileStoreOptions, file: ProfilesFile): Promise<void> =>
  writePrivate(paths(options).profiles, `${JSON.stringify(file, null, 2)}\n`)

/** The summary saved under `name`, if any (never one inherited from `Object.prototype`). */
export const summaryIn = (file: ProfilesFile, name: string): ProfileSummary | undefined =>
  Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined

// --- secrets.json ----------------------------------------------------------------------------

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

const encrypt = async (name: string, secret: string, options: FileStoreOptions): Promise<SecretEntry> => {
  const iv = randomBytes(12)
  let key: Buffer
  let salt: Buffer | undefined
  if (options.passphrase !== undefined) {
    salt = randomBytes(16)
    key = await scrypt(Redacted.value(AuthStrategy.redact(options.passphrase)), salt)
  } else {
    key = await fileKey(paths(options).key, true)
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

const decrypt = async (name: string, entry: SecretEntry, options: FileStoreOptions): Promise<string> => {
  let key: Buffer
  if (entry.kdf === "scrypt") {
    if (options.passphrase === undefined || entry.salt === undefined) {
      return fail("SecretUnavailable", name, `The secret of profile "${name}" is protected by a passphrase.`)
    }
    key = await scrypt(Redacted.value(AuthStrategy.redact(options.passphrase)), Buffer.from(entry.salt, "base64"))
  } else {
    key = await fileKey(paths(options).key, false)
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

const readSecrets = async (options: FileStoreOptions): Promise<SecretsFile> => {
  const path = paths(options).secrets
  await checkPrivate(path)
  return readJson<SecretsFile>(path, { version: 1, entries: {} })
}

/** Encrypts `secret` into `secrets.json` under `name` (replacing the entry saved before). */
export const putSecret = async (name: string, secret: string, options: FileStoreOptions): Promise<void> => {
  const secrets = await readSecrets(options)
  secrets.entries[name] = await encrypt(name, secret, options)
  await writePrivate(paths(options).secrets, `${JSON.stringify(secrets, null, 2)}\n`)
}

/** The decrypted secret saved under `name`; a `SecretUnavailable` error when there is none. */
export const getSecret = async (name: string, options: FileStoreOptions): Promise<string> => {
  const secrets = await readSecrets(options)
  const entry = Object.hasOwn(secrets.entries, name) ? secrets.entries[name] : undefined
  if (entry === undefined)
    return fail("SecretUnavailable", name, `${paths(options).secrets} has no secret for "${name}".`)
  return decrypt(name, entry, options)
}

/** Removes the entry of `name` from `secrets.json`, if there is one. */
export const removeSecret = async (name: string, options: FileStoreOptions): Promise<void> => {
  const secrets = await readJson<SecretsFile>(paths(options).secrets, { version: 1, entries: {} })
  if (!Object.hasOwn(secrets.entries, name)) return
  delete secrets.entries[name]
  await writePrivate(paths(options).secrets, `${JSON.stringify(secrets, null, 2)}\n`)
}
