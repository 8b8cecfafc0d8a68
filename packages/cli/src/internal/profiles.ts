/**
 * Named sign-ins. Secrets (passwords, API keys, tokens, OAuth refresh tokens) are kept by auth-token's `Profiles`
 * — the OS keyring, or a 0600 file encrypted with AES-256-GCM — never in plaintext. What the CLI adds is a small
 * 0600 file, `cli-profiles.json`, with the non-secret facts `Profiles` has no field for: that a profile holds a token
 * and when it expires, an OAuth sign-in's redirect URI, a PKI profile's certificate and key *paths*.
 */
import { randomBytes } from "node:crypto"
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { type ProfileError, Profiles } from "@arcgis-portal/auth-token/node"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import { auth, type CliFailure, failed } from "./errors.ts"

/** How a profile signs in. */
export type Kind = "builtInUser" | "apiKey" | "token" | "oauth" | "pki"

/** The non-secret facts of a profile. */
export interface Meta {
  readonly url: string
  readonly kind: Kind
  readonly username?: string | undefined
  /** `token`: when it stops working (epoch milliseconds), if known. */
  readonly tokenExpires?: number | undefined
  /** `oauth`: the app and the redirect URI of the sign-in. */
  readonly clientId?: string | undefined
  readonly redirectUri?: string | undefined
  /** `pki`: absolute paths of the certificate, its key and the CA that signed the portal's certificate. */
  readonly cert?: string | undefined
  readonly key?: string | undefined
  readonly ca?: string | undefined
}

/** A loaded profile: its facts and, for every kind but `pki`, its secret (redacted). */
export interface Loaded {
  readonly name: string
  readonly meta: Meta
  readonly secret: Redacted.Redacted<string> | undefined
  readonly secretStore: "keyring" | "file" | undefined
}

interface CliFile {
  version: 1
  profiles: Record<string, Meta>
}

/** The name used when neither `--profile` nor `ARCGIS_PROFILE` says otherwise. */
export const defaultName = "default"

/** Where profiles live: `ARCGIS_PORTAL_HOME`, else `~/.arcgis-portal` (auth-token's default). */
export const directory = (): string => process.env.ARCGIS_PORTAL_HOME ?? join(homedir(), ".arcgis-portal")

const keyringChoice = (): "auto" | "off" | "required" => {
  const value = process.env.ARCGIS_PORTAL_KEYRING
  return value === "off" || value === "required" ? value : "auto"
}

const options = (): Profiles.Options => ({ directory: directory(), keyring: keyringChoice() })

const file = () => join(directory(), "cli-profiles.json")

const storageFailure = (what: string) => failed(`cannot ${what} ${file()}`)

const readCliFile: Effect.Effect<CliFile, ReturnType<typeof failed>> = Effect.tryPromise({
  try: async () => {
    try {
      const parsed = JSON.parse(await readFile(file(), "utf8")) as CliFile
      return { version: 1 as const, profiles: { ...parsed.profiles } }
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return { version: 1 as const, profiles: {} }
      throw error
    }
  },
  catch: () => storageFailure("read"),
})

const writeCliFile = (content: CliFile) =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(directory(), { recursive: true, mode: 0o700 })
      const temporary = `${file()}.${randomBytes(6).toString("hex")}.tmp`
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: "wx" })
      await chmod(temporary, 0o600)
      await rename(temporary, file())
    },
    catch: () => storageFailure("write"),
  })

const profileAuthOf = (kind: Kind): Profiles.ProfileAuth | undefined =>
  kind === "builtInUser" ? "builtInUser" : kind === "oauth" ? "oauth" : kind === "pki" ? undefined : "apiKey"

/**
 * Saves a profile: the secret through auth-token's `Profiles`, the facts in `cli-profiles.json`. A `pki` profile has
 * no secret to save (its key stays in the file the user keeps).
 */
export const save = (
  name: string,
  meta: Meta,
  secret: Redacted.Redacted<string> | undefined,
): Effect.Effect<{ readonly secretStore: "keyring" | "file" | undefined }, ProfileError | ReturnType<typeof failed>> =>
  Effect.gen(function* () {
    const profileAuth = profileAuthOf(meta.kind)
    let secretStore: "keyring" | "file" | undefined
    if (profileAuth !== undefined && secret !== undefined) {
      const saved = yield* Profiles.save(
        name,
        {
          url: meta.url,
          auth: profileAuth,
          username: meta.kind === "builtInUser" ? meta.username : undefined,
          clientId: meta.clientId,
          secret,
        },
        options(),
      )
      secretStore = saved.secretStore
    } else {
      yield* Profiles.delete(name, options())
    }
    const content = yield* readCliFile
    content.profiles[name] = meta
    yield* writeCliFile(content)
    return { secretStore }
  })

/** Replaces the secret of an existing profile (an OAuth refresh token the portal exchanged for a new one). */
export const updateSecret = (name: string, meta: Meta, secret: Redacted.Redacted<string>) =>
  Effect.asVoid(save(name, meta, secret))

/** Loads a profile; fails with exit code 3 and a hint when there is none. */
export const load = (name: string): Effect.Effect<Loaded, ProfileError | ReturnType<typeof failed>> =>
  Effect.gen(function* () {
    const content = yield* readCliFile
    const meta = Object.hasOwn(content.profiles, name) ? content.profiles[name] : undefined
    if (meta?.kind === "pki") return { name, meta, secret: undefined, secretStore: undefined }
    const profile = yield* Profiles.load(name, options()).pipe(
      Effect.catchTag(
        "ProfileError",
        (error): Effect.Effect<never, ProfileError | CliFailure> =>
          error.reason === "NotFound"
            ? Effect.fail(
                auth(
                  `no profile named "${name}" (in ${directory()})`,
                  name === defaultName
                    ? "Sign in first: arcgis-portal login --portal <url>"
                    : `Sign in first: arcgis-portal login --portal <url> --profile ${name}`,
                ),
              )
            : Effect.fail(error),
      ),
    )
    // A profile saved by another program through auth-token alone: its facts come from the profile itself.
    const facts: Meta = meta ?? {
      url: profile.url,
      kind: profile.auth === "oauth" ? "oauth" : profile.auth,
      username: profile.username,
      clientId: profile.clientId,
    }
    return { name, meta: facts, secret: profile.secret, secretStore: profile.secretStore }
  })

/** Every profile, without secrets, sorted by name. */
export const list = Effect.gen(function* () {
  const content = yield* readCliFile
  const saved = yield* Profiles.list(options())
  const names = new Set([...Object.keys(content.profiles), ...saved.map((summary) => summary.name)])
  return [...names].sort().map((name) => {
    const summary = saved.find((entry) => entry.name === name)
    const meta = content.profiles[name]
    return {
      name,
      url: meta?.url ?? summary?.url ?? "",
      kind: meta?.kind ?? (summary?.auth as Kind | undefined) ?? "apiKey",
      username: meta?.username ?? summary?.username,
      secretStore: summary?.secretStore,
      tokenExpires: meta?.tokenExpires,
    }
  })
})

/** Removes a profile and its secret; `false` when there was none. */
export const remove = (name: string) =>
  Effect.gen(function* () {
    const removedSecret = yield* Profiles.delete(name, options())
    const content = yield* readCliFile
    const known = Object.hasOwn(content.profiles, name)
    if (known) {
      delete content.profiles[name]
      yield* writeCliFile(content)
    }
    return removedSecret || known
  })
