import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import { fromProfile, type Keyring, Profiles } from "../src/node/index.ts"
import { call, layerFor } from "./helpers.ts"

const original = "refresh-original-Hd2-never-on-disk"
const rotated = "refresh-rotated-Pz8-never-on-disk"
const redirectUri = "http://127.0.0.1/callback"

const directories: Array<string> = []
const fresh = () => {
  const directory = mkdtempSync(join(tmpdir(), "auth-token-rotation-"))
  directories.push(directory)
  return directory
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/**
 * A portal whose `oauth2/token` answers an access token for the refresh token it currently honours, and — like
 * `exchange_refresh_token`, or a portal that rotates on every refresh — a new refresh token in its place.
 */
const rotatingPortal = (options: { readonly rotate: boolean; readonly refreshExpiresIn?: number }) => {
  let honoured = original
  let issued = 0
  const scripted = ScriptedFetch.make((request) => {
    if (ScriptedFetch.route(request) === "oauth2/token") {
      if (request.body.refresh_token !== honoured)
        return { json: { error: { code: 498, message: "Invalid refresh_token", details: [] } } }
      issued += 1
      if (options.rotate) honoured = rotated
      return {
        json: {
          access_token: `access-${issued}`,
          expires_in: 1800,
          username: "jsmith",
          ...(options.rotate
            ? { refresh_token: rotated, refresh_token_expires_in: options.refreshExpiresIn ?? 1_209_600 }
            : {}),
        },
      }
    }
    return { json: { ok: ScriptedFetch.tokenOf(request) } }
  })
  return scripted
}

describe("oauth profiles", () => {
  it.effect("round trip: clientId, redirectUri and the refresh token's expiry saved, the refresh token encrypted", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      const saved = yield* Profiles.save(
        "o",
        {
          url: "https://host/portal",
          auth: "oauth",
          clientId: "app",
          username: "jsmith",
          redirectUri,
          refreshTokenExpires: 1_900_000_000_000,
          secret: Redacted.make(original),
        },
        options,
      )
      expect(saved).toEqual({
        name: "o",
        url: "https://host/portal",
        auth: "oauth",
        clientId: "app",
        username: "jsmith",
        redirectUri,
        refreshTokenExpires: 1_900_000_000_000,
        secretStore: "file",
      })
      expect(Redacted.value((yield* Profiles.load("o", options)).secret!)).toBe(original)
      const json = JSON.parse(readFileSync(join(directory, "profiles.json"), "utf8"))
      expect(json.profiles.o).toEqual(saved)
      for (const file of readdirSync(directory))
        expect(readFileSync(join(directory, file), "utf8")).not.toContain(original)
      const invalid = yield* Effect.flip(
        Profiles.save(
          "bad",
          { url: "https://host/portal", auth: "oauth", clientId: "app", redirectUri: "not a url", secret: original },
          options,
        ),
      )
      expect(invalid.reason).toBe("InvalidProfile")
    }),
  )

  it.effect("a refresh token the portal rotates replaces the stored one (file store), never written in clear", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      yield* Profiles.save(
        "o",
        { url: "https://host/portal", auth: "oauth", clientId: "app", redirectUri, secret: original },
        options,
      )
      const scripted = rotatingPortal({ rotate: true, refreshExpiresIn: 3_600 })
      const connection = yield* fromProfile("o", options)
      const answer = yield* call().pipe(Effect.provide(layerFor(scripted, connection.auth)))
      expect(answer.ok).toBe("access-1")
      const loaded = yield* Profiles.load("o", options)
      expect(Redacted.value(loaded.secret!)).toBe(rotated)
      // The test clock is at 0: the new refresh token lasts the hour the portal said.
      expect(loaded.refreshTokenExpires).toBe(3_600_000)
      expect(loaded).toMatchObject({ clientId: "app", redirectUri, secretStore: "file" })
      for (const file of readdirSync(directory)) {
        const text = readFileSync(join(directory, file), "utf8")
        expect(text).not.toContain(original)
        expect(text).not.toContain(rotated)
      }
      // A new run starts from the stored token, which the portal honours; the original one it no longer does.
      const next = yield* fromProfile("o", options)
      expect((yield* call().pipe(Effect.provide(layerFor(scripted, next.auth)))).ok).toBe("access-2")
    }),
  )

  it.effect("rotation in the keyring replaces the keyring's entry", () =>
    Effect.gen(function* () {
      const entries = new Map<string, string>()
      const keyring: Keyring = {
        get: (account) => entries.get(account) ?? null,
        set: (account, value) => void entries.set(account, value),
        delete: (account) => void entries.delete(account),
      }
      const options = { directory: fresh(), keyring }
      yield* Profiles.save(
        "o",
        { url: "https://host/portal", auth: "oauth", clientId: "app", secret: original },
        options,
      )
      const connection = yield* fromProfile("o", options)
      yield* call().pipe(Effect.provide(layerFor(rotatingPortal({ rotate: true }), connection.auth)))
      expect(entries.get("profile:o")).toBe(rotated)
      expect((yield* Profiles.load("o", options)).secretStore).toBe("keyring")
    }),
  )

  it.effect(
    "a portal that does not rotate: the stored refresh token stays, and is sent as grant_type=refresh_token",
    () =>
      Effect.gen(function* () {
        const directory = fresh()
        const options = { directory, keyring: "off" as const }
        yield* Profiles.save(
          "o",
          { url: "https://host/portal", auth: "oauth", clientId: "app", secret: original },
          options,
        )
        const before = readFileSync(join(directory, "secrets.json"), "utf8")
        const scripted = rotatingPortal({ rotate: false })
        const connection = yield* fromProfile("o", options)
        yield* call().pipe(Effect.provide(layerFor(scripted, connection.auth)))
        expect(scripted.requests[0]?.body).toMatchObject({ grant_type: "refresh_token", client_id: "app" })
        expect(readFileSync(join(directory, "secrets.json"), "utf8")).toBe(before)
      }),
  )

  it.effect("near its end (and with a redirectUri) the refresh token is exchanged, and the new one saved", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      // The test clock starts at 0: this refresh token has an hour left, within the default day.
      yield* Profiles.save(
        "o",
        {
          url: "https://host/portal",
          auth: "oauth",
          clientId: "app",
          redirectUri,
          refreshTokenExpires: 3_600_000,
          secret: original,
        },
        options,
      )
      const scripted = rotatingPortal({ rotate: true })
      const connection = yield* fromProfile("o", options)
      yield* call().pipe(Effect.provide(layerFor(scripted, connection.auth)))
      expect(scripted.requests[0]?.body).toMatchObject({
        grant_type: "exchange_refresh_token",
        redirect_uri: redirectUri,
      })
      expect(scripted.requests[0]?.url.search).toBe("")
      expect(Redacted.value((yield* Profiles.load("o", options)).secret!)).toBe(rotated)
    }),
  )

  it.effect("a rotated token that cannot be saved: the call succeeds and a warning says so, without the token", () =>
    Effect.gen(function* () {
      let writable = true
      const entries = new Map<string, string>()
      const keyring: Keyring = {
        get: (account) => entries.get(account) ?? null,
        set: (account, value) => {
          if (!writable) throw new Error("keyring locked")
          entries.set(account, value)
        },
        delete: (account) => void entries.delete(account),
      }
      const options = { directory: fresh(), keyring }
      yield* Profiles.save(
        "o",
        { url: "https://host/portal", auth: "oauth", clientId: "app", secret: original },
        options,
      )
      writable = false
      const warnings: Array<string> = []
      const connection = yield* fromProfile("o", options)
      const answer = yield* call().pipe(
        Effect.provide(
          Layer.provideMerge(
            layerFor(rotatingPortal({ rotate: true }), connection.auth),
            Logger.layer(
              [
                Logger.make((entry) => {
                  if (entry.logLevel === "Warn") warnings.push(String(entry.message))
                }),
              ],
              { mergeWithExisting: false },
            ),
          ),
        ),
      )
      expect(answer.ok).toBe("access-1")
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/rotated refresh token of profile "o" was not saved/)
      expect(warnings.join("\n")).not.toContain(rotated)
      expect(entries.get("profile:o")).toBe(original)
    }),
  )

  it.effect("rotateRefreshToken replaces an oauth profile's token and refuses other kinds", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      yield* Profiles.save(
        "o",
        { url: "https://host/portal", auth: "oauth", clientId: "app", redirectUri, secret: original },
        options,
      )
      yield* Profiles.save("k", { url: "https://host/portal", auth: "apiKey", secret: original }, options)
      const summary = yield* Profiles.rotateRefreshToken(
        "o",
        { refreshToken: Redacted.make(rotated), refreshTokenExpires: 42 },
        options,
      )
      expect(summary).toMatchObject({ clientId: "app", redirectUri, refreshTokenExpires: 42 })
      expect(Redacted.value((yield* Profiles.load("o", options)).secret!)).toBe(rotated)
      expect((yield* Effect.flip(Profiles.rotateRefreshToken("k", { refreshToken: rotated }, options))).reason).toBe(
        "InvalidProfile",
      )
      expect((yield* Effect.flip(Profiles.rotateRefreshToken("none", { refreshToken: rotated }, options))).reason).toBe(
        "NotFound",
      )
    }),
  )
})
