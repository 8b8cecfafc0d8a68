/**
 * Named sign-ins, kept by auth-token's `Profiles` — every kind the CLI signs in with (built-in user, API key, token
 * with its expiry, OAuth with its client id and redirect URI, client certificate by the *paths* of its files) — in
 * `ARCGIS_PORTAL_HOME` (default `~/.arcgis-portal`). Secrets (password, API key, token, refresh token, a key's
 * passphrase) go to the OS keyring when one works, otherwise to a 0600 file encrypted with AES-256-GCM; never in
 * plaintext. When `ARCGIS_PORTAL_KEYRING` is `auto` (the default) and the keyring is not there, the sign-in says so
 * in one line. A profile whose url carries a user name or password is refused wherever it is read (`portal-url.ts`).
 */
import { homedir } from "node:os"
import { join } from "node:path"
import { type ProfileError, Profiles } from "@arcgis-portal/auth-token/node"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import { auth, type CliFailure } from "./errors.ts"
import * as PortalUrls from "./portal-url.ts"

/** How a profile signs in. */
export type Kind = Profiles.ProfileAuth

/** A loaded profile: its facts and its secret (redacted; none for a certificate whose key has no passphrase). */
export type Loaded = Profiles.Profile

/** The name used when neither `--profile` nor `ARCGIS_PROFILE` says otherwise. */
export const defaultName = "default"

/** Where profiles live: `ARCGIS_PORTAL_HOME`, else `~/.arcgis-portal` (auth-token's default). */
export const directory = (): string => process.env.ARCGIS_PORTAL_HOME ?? join(homedir(), ".arcgis-portal")

const keyringChoice = (): "auto" | "off" | "required" => {
  const value = process.env.ARCGIS_PORTAL_KEYRING
  return value === "off" || value === "required" ? value : "auto"
}

const options = (): Profiles.Options => ({ directory: directory(), keyring: keyringChoice() })

/**
 * The one line that says why a secret went to the encrypted file although the OS keyring was wanted (`auto`), or
 * `undefined` when it went where it was meant to.
 */
const keyringNotice = (summary: Profiles.ProfileSummary) =>
  Effect.gen(function* () {
    if (summary.secretStore !== "file" || keyringChoice() !== "auto") return undefined
    const availability = yield* Profiles.keyringAvailability
    const where = `the secret is kept encrypted in ${join(directory(), "secrets.json")}`
    switch (availability) {
      case "notInstalled":
        return `note: no OS keyring (the optional @napi-rs/keyring is not installed); ${where}`
      case "notWorking":
        return `note: the OS keyring does not work here (no Secret Service or keychain); ${where}`
      case "available":
        return `note: the OS keyring refused the secret; ${where}`
    }
  })

/** Saves a profile; says where its secret went, and the notice to print when that is not the OS keyring it wanted. */
export const save = (
  name: string,
  input: Profiles.ProfileInput,
): Effect.Effect<{ readonly summary: Profiles.ProfileSummary; readonly notice: string | undefined }, ProfileError> =>
  Effect.gen(function* () {
    const summary = yield* Profiles.save(name, input, options())
    return { summary, notice: yield* keyringNotice(summary) }
  })

/** The profile itself, or a usage failure (exit code 2) when its url carries a user name or password. */
const checked = <A extends { readonly name: string; readonly url: string }>(profile: A) =>
  Effect.as(PortalUrls.check(profile.url, PortalUrls.origins.profile(profile.name)), profile)

/**
 * Loads a profile; fails with exit code 3 and a hint when there is none, and with exit code 2 when its url carries a
 * user name or password.
 */
export const load = (name: string): Effect.Effect<Loaded, ProfileError | CliFailure> =>
  Profiles.load(name, options()).pipe(
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
    Effect.flatMap(checked),
  )

/** Every profile, without secrets, sorted by name; exit code 2 when the url of one carries a user name or password. */
export const list: Effect.Effect<ReadonlyArray<Profiles.ProfileSummary>, ProfileError | CliFailure> = Effect.suspend(
  () => Profiles.list(options()),
).pipe(Effect.tap((all) => Effect.forEach(all, checked, { discard: true })))

/** Removes a profile and its secret; `false` when there was none. */
export const remove = (name: string): Effect.Effect<boolean, ProfileError> => Profiles.delete(name, options())

/** Replaces the refresh token of an OAuth profile with the one the portal exchanged it for. */
export const rotateRefreshToken = (
  name: string,
  rotated: { readonly refreshToken: Redacted.Redacted<string>; readonly refreshTokenExpires: number | undefined },
): Effect.Effect<Profiles.ProfileSummary, ProfileError> => Profiles.rotateRefreshToken(name, rotated, options())
