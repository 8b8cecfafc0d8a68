/**
 * What a profile is: its kinds (`builtInUser`, `apiKey`, `token`, `oauth`, `pki`), the fields each kind keeps, the
 * one error every profile operation fails with, the validation of what is saved, and the split of a saved profile
 * into the non-secret summary (`profiles.json`) and the secret (the keyring or the encrypted file). Only this module
 * decides which field is secret: everything a summary holds is written to disk in clear.
 */
import { isAbsolute, resolve } from "node:path"
import { AuthStrategy } from "@arcgis-portal/core"
import * as Data from "effect/Data"
import * as Redacted from "effect/Redacted"

/**
 * How a profile signs in: a built-in user's password, an API key, a token obtained elsewhere (with its expiry), an
 * OAuth refresh token, or a client certificate (PKI: paths to the files, and the key's passphrase if it has one).
 */
export type ProfileAuth = "builtInUser" | "apiKey" | "token" | "oauth" | "pki"

/** Where a profile's secret is kept; `"none"` for a `pki` profile whose key has no passphrase. */
export type SecretStore = "keyring" | "file" | "none"

/** Why a profile operation failed. */
export type ProfileErrorReason =
  /** No profile of that name. */
  | "NotFound"
  /** The profile (name or fields) is not valid, or cannot be used as asked. */
  | "InvalidProfile"
  /** Neither the OS keyring nor an encrypted file could hold the secret. */
  | "NoSecretStore"
  /** The secret could not be decrypted (wrong passphrase, damaged file) or read from the keyring. */
  | "SecretUnavailable"
  /** A secrets or key file can be read by other users. */
  | "InsecurePermissions"
  /** The profiles file could not be read or written. */
  | "Storage"
  /** A file a `pki` profile points at (certificate, key, PKCS#12 bundle, CA) cannot be read. */
  | "FileUnavailable"

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

/** What is saved. Which fields a kind needs is checked by `save`. */
export interface ProfileInput {
  /** The portal, as a user would type it. */
  readonly url: string
  readonly auth: ProfileAuth
  /** Required for `builtInUser`; for the other kinds, the user the credential signs in as, if known. */
  readonly username?: string | undefined
  /** Required for `oauth` (the app the refresh token was issued to). */
  readonly clientId?: string | undefined
  /** `oauth`: the redirect URI of the sign-in, needed to exchange the refresh token for a new one. */
  readonly redirectUri?: string | undefined
  /** `oauth`: when the refresh token stops working (epoch milliseconds), if known. */
  readonly refreshTokenExpires?: number | undefined
  /** `token`: when the token stops working (epoch milliseconds or a Date), if known. */
  readonly expires?: number | Date | undefined
  /** `pki`: the client certificate (PEM file); with `keyFile`, instead of `pfxFile`. */
  readonly certFile?: string | undefined
  /** `pki`: the certificate's private key (PEM file, possibly encrypted). Only the path is saved. */
  readonly keyFile?: string | undefined
  /** `pki`: a PKCS#12 bundle (`.p12`/`.pfx`) holding the certificate and its key, instead of `certFile`/`keyFile`. */
  readonly pfxFile?: string | undefined
  /** `pki`: the CA certificate (PEM file) that signed the portal's server certificate. */
  readonly caFile?: string | undefined
  /**
   * The secret: the password (`builtInUser`), the key (`apiKey`), the token (`token`) or the refresh token
   * (`oauth`) — required for those; for `pki`, the passphrase of the key or the PKCS#12 bundle, if it has one.
   */
  readonly secret?: Redacted.Redacted<string> | string | undefined
}

/** A saved profile without its secret (what `list` returns, and all `profiles.json` holds). */
export interface ProfileSummary {
  readonly name: string
  readonly url: string
  readonly auth: ProfileAuth
  readonly username?: string | undefined
  readonly clientId?: string | undefined
  readonly redirectUri?: string | undefined
  readonly refreshTokenExpires?: number | undefined
  readonly expires?: number | undefined
  /** `pki`: absolute paths, never the files' content. */
  readonly certFile?: string | undefined
  readonly keyFile?: string | undefined
  readonly pfxFile?: string | undefined
  readonly caFile?: string | undefined
  readonly secretStore: SecretStore
}

/**
 * A loaded profile; `secret` stays redacted in logs, `JSON.stringify` and `util.inspect`. It is `undefined` only for
 * a `pki` profile whose key has no passphrase.
 */
export interface Profile extends ProfileSummary {
  readonly secret: Redacted.Redacted<string> | undefined
}

/** The kinds, in the order error messages list them. */
export const kinds: ReadonlyArray<ProfileAuth> = ["builtInUser", "apiKey", "token", "oauth", "pki"]

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Throws the one error of profile operations (caught into the Effect's error channel by the caller). */
export const fail = (reason: ProfileErrorReason, profile: string | undefined, message: string): never => {
  throw new ProfileError({ reason, profile, message })
}

/** The secret as text, `undefined` when there is none. */
export const secretOf = (input: ProfileInput): string | undefined =>
  input.secret === undefined ? undefined : Redacted.value(AuthStrategy.redact(input.secret))

const isUrl = (text: string, protocols: ReadonlyArray<string>) => {
  try {
    return protocols.includes(new URL(text).protocol)
  } catch {
    return false
  }
}

/** A path, not the content of a PEM file pasted where a path belongs (key material is never saved). */
const checkPath = (name: string, field: string, path: string | undefined) => {
  if (path === undefined) return
  if (path === "" || /[\r\n]/.test(path) || path.includes("-----BEGIN")) {
    fail("InvalidProfile", name, `Profile "${name}": ${field} must be the path of a file, not its content.`)
  }
}

/** Refuses what cannot be saved or used, before anything is written. */
export const validate = (name: string, input: ProfileInput): void => {
  if (!namePattern.test(name)) {
    fail("InvalidProfile", undefined, "A profile name is 1–64 letters, digits, '.', '_' or '-'.")
  }
  if (!kinds.includes(input.auth)) {
    fail("InvalidProfile", name, `Profile "${name}": auth must be ${kinds.join(", ")}.`)
  }
  if (!isUrl(input.url, ["https:", "http:"])) {
    fail("InvalidProfile", name, `Profile "${name}": the url is not an http(s) URL.`)
  }
  const secret = secretOf(input)
  switch (input.auth) {
    case "builtInUser":
      if (!input.username) fail("InvalidProfile", name, `Profile "${name}": a builtInUser profile needs a username.`)
      break
    case "oauth":
      if (!input.clientId) fail("InvalidProfile", name, `Profile "${name}": an oauth profile needs a clientId.`)
      if (input.redirectUri !== undefined && !isUrl(input.redirectUri, ["https:", "http:"]))
        fail("InvalidProfile", name, `Profile "${name}": the redirectUri is not an http(s) URL.`)
      break
    case "token": {
      const expires = input.expires instanceof Date ? input.expires.getTime() : input.expires
      if (expires !== undefined && !Number.isFinite(expires))
        fail("InvalidProfile", name, `Profile "${name}": expires is not a valid time.`)
      break
    }
    case "pki": {
      for (const [field, path] of [
        ["certFile", input.certFile],
        ["keyFile", input.keyFile],
        ["pfxFile", input.pfxFile],
        ["caFile", input.caFile],
      ] as const)
        checkPath(name, field, path)
      const pem = input.certFile !== undefined || input.keyFile !== undefined
      if (pem && input.pfxFile !== undefined)
        fail("InvalidProfile", name, `Profile "${name}": give certFile and keyFile, or pfxFile, not both.`)
      if (!input.pfxFile && !(input.certFile && input.keyFile))
        fail("InvalidProfile", name, `Profile "${name}": a pki profile needs certFile and keyFile, or pfxFile.`)
      if (secret === "") fail("InvalidProfile", name, `Profile "${name}": the passphrase is empty.`)
      return
    }
  }
  if (secret === undefined || secret === "") fail("InvalidProfile", name, `Profile "${name}": the secret is empty.`)
}

const absolute = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(path))

/**
 * The non-secret facts of a valid input, as `profiles.json` keeps them: only the fields of its kind, `pki` paths made
 * absolute (a relative path would point elsewhere from another working directory), a token's expiry as a number.
 */
export const summaryOf = (name: string, input: ProfileInput, secretStore: SecretStore): ProfileSummary => {
  const fields: Record<string, unknown> = { name, url: input.url, auth: input.auth }
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== "") fields[key] = value
  }
  set("username", input.username)
  switch (input.auth) {
    case "token":
      set("expires", input.expires instanceof Date ? input.expires.getTime() : input.expires)
      break
    case "oauth":
      set("clientId", input.clientId)
      set("redirectUri", input.redirectUri)
      set("refreshTokenExpires", input.refreshTokenExpires)
      break
    case "pki":
      set("certFile", absolute(input.certFile))
      set("keyFile", absolute(input.keyFile))
      set("pfxFile", absolute(input.pfxFile))
      set("caFile", absolute(input.caFile))
      break
    default:
      break
  }
  fields.secretStore = secretStore
  return fields as unknown as ProfileSummary
}

/** A saved summary back as input (to save it again with a new secret). */
export const inputOf = (summary: ProfileSummary, secret: Redacted.Redacted<string> | undefined): ProfileInput => {
  const { name: _name, secretStore: _store, ...fields } = summary
  return { ...fields, secret }
}
