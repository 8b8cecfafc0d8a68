// `clone` between two emulators, both signed in with OAuth: the target (default profile, user_one, who may add items
// but not create hosted services) and the source (profile "staging", the publisher). Each test puts both refresh
// tokens in their last hour, so the run exchanges them (the portal revokes the old ones): however the clone ends —
// with a failed step (exit 1), or interrupted (exit 130) — both new refresh tokens are saved and sign the next
// commands in; a save that fails is a one-line warning. No refresh token is ever printed.
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Profiles } from "@arcgis-portal/auth-token/node"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import {
  json,
  type Result,
  rest,
  run,
  signInWithOAuth,
  start,
  startPortal,
  temporaryDirectory,
  tokenOf,
} from "./helpers.ts"

type Json = Record<string, any>

let source: EmulatorHandle
let target: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>
/** A hosted feature layer of the source: user_one cannot create its clone (a hosted service), so that step fails. */
let hostedLayer: string
/** A CSV item of the source's sample content: any user may add its clone. */
let inventory: string
/** A web map of the source's sample content, with the feature layer item it shows. */
let parksMap: string

const profileNames = { target: "default", source: "staging" } as const
const directory = () => join(home.path, ".arcgis-portal")
const profilesFile = () => join(directory(), "profiles.json")

/** The refresh token a profile holds now (read as the CLI reads it, with the keyring off as the tests run it). */
const refreshTokenOf = async (name: string) =>
  Redacted.value((await Effect.runPromise(Profiles.load(name, { directory: directory(), keyring: "off" }))).secret!)
const refreshTokens = async () => ({
  target: await refreshTokenOf(profileNames.target),
  source: await refreshTokenOf(profileNames.source),
})

/** Puts both refresh tokens in their last hour: the next command exchanges each (`exchange_refresh_token`). */
const nearTheirEnd = () => {
  const file = JSON.parse(readFileSync(profilesFile(), "utf8"))
  for (const name of Object.values(profileNames)) file.profiles[name].refreshTokenExpires = Date.now() + 3_600_000
  writeFileSync(profilesFile(), JSON.stringify(file), { mode: 0o600 })
}

/** A form POST as the source's publisher, failing on an error envelope. */
const post = async (url: string, params: Record<string, string>): Promise<Json> => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${await tokenOf(source, "publisher")}` },
    body: new URLSearchParams({ f: "json", ...params }),
  })
  const body = (await response.json()) as Json
  if (body.error !== undefined) throw new Error(`${url}: ${JSON.stringify(body.error)}`)
  return body
}

/** The id of an item of the source's sample content (seeded with the emulator), by its exact title and type. */
const sampleItem = async (title: string, type: string): Promise<string> => {
  const { results } = await rest<{ results: Array<Json> }>(source, "publisher", "search", {
    q: `title:"${title}" AND type:"${type}"`,
    num: "10",
  })
  const found = results.find((entry) => entry.title === title && entry.type === type)
  if (found === undefined) throw new Error(`the source's sample content has no ${type} "${title}"`)
  return found.id as string
}

beforeAll(async () => {
  source = await startPortal({ jobMillis: 20, org: { name: "Staging", urlKey: "staging", usernameSuffix: "_stg" } })
  target = await startPortal({ jobMillis: 20, org: { name: "Production", urlKey: "production" } })
  home = temporaryDirectory("cli-clone-sessions-")
  await signInWithOAuth(target, home.path, "user", profileNames.target)
  await signInWithOAuth(source, home.path, "publisher", profileNames.source)
  const owner = `${source.restUrl}/content/users/${source.accounts.publisher.username}`
  const service = await post(`${owner}/createService`, {
    createParameters: JSON.stringify({ name: "SessionLayer", spatialReference: { wkid: 4326 } }),
    outputType: "featureService",
    title: "Session layer",
    tags: "clone-sessions",
  })
  hostedLayer = service.itemId as string
  inventory = await sampleItem("Park Inventory", "CSV")
  parksMap = await sampleItem("City Parks", "Web Map")
}, 120_000)

afterAll(async () => {
  await source?.stop()
  await target?.stop()
  home?.cleanup()
})

afterEach(() => {
  source.setLatency(0)
  target.setLatency(0)
})

/** Neither the refresh tokens a run started with nor the ones it was given appear in what it printed. */
const expectNoToken = (result: Result, ...tokens: ReadonlyArray<string>) => {
  for (const text of [result.stdout, result.stderr]) for (const token of tokens) expect(text).not.toContain(token)
}

/** Both saved refresh tokens sign a command in (the old ones were revoked by the exchange). */
const expectSignedIn = async () => {
  const asTarget = await run(["whoami", "--json"], { home: home.path })
  expect(json<Json>(asTarget)).toMatchObject({ username: target.accounts.user.username, auth: "oauth" })
  const asSource = await run(["whoami", "--json", "--profile", profileNames.source], { home: home.path })
  expect(json<Json>(asSource)).toMatchObject({ username: source.accounts.publisher.username, auth: "oauth" })
}

/**
 * Starts `clone … --verbose` and calls `then` once both sides have exchanged their refresh token and gone on with a
 * request after it (so the exchange's answer is taken in), while the clone still runs (answers wait `latencyMs`).
 */
const cloneUntilExchanged = (args: ReadonlyArray<string>, then: (child: ReturnType<typeof start>["child"]) => void) => {
  let stderr = ""
  let done = false
  const exchanged = (label: string) => {
    const at = stderr.indexOf(`[${label}] POST /portal/sharing/rest/oauth2/token → 200`)
    return at >= 0 && stderr.indexOf(`[${label}] `, at + 1) > at
  }
  const started = start(["clone", ...args, "--verbose"], {
    home: home.path,
    timeoutMs: 90_000,
    onStderr: (chunk) => {
      stderr += chunk
      if (!done && exchanged("request") && exchanged("source request")) {
        done = true
        then(started.child)
      }
    },
  })
  return started.result.then((result) => ({ result, acted: done }))
}

describe("clone keeps both OAuth sessions", () => {
  it("a clone that ends with a failed step (exit 1) still saves both exchanged refresh tokens", async () => {
    nearTheirEnd()
    const before = await refreshTokens()
    const result = await run(["clone", inventory, hostedLayer, "--from", profileNames.source, "--yes"], {
      home: home.path,
      timeoutMs: 90_000,
    })
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).toContain("1 created, 0 updated, 0 skipped, 0 refused, 1 failed.")
    const after = await refreshTokens()
    expect(after.target).not.toBe(before.target)
    expect(after.source).not.toBe(before.source)
    expectNoToken(result, before.target, before.source, after.target, after.source)
    await expectSignedIn()
  })

  it("interrupted (Ctrl-C) after both exchanged their refresh tokens: exit 130, both new ones saved", async () => {
    nearTheirEnd()
    const before = await refreshTokens()
    source.setLatency(150)
    target.setLatency(150)
    const { result, acted } = await cloneUntilExchanged([parksMap, "--from", profileNames.source, "--yes"], (child) =>
      child.kill("SIGINT"),
    )
    expect(acted, result.stderr).toBe(true)
    expect(result.code, result.stderr).toBe(130)
    expect(result.stderr).toContain("arcgis-portal: interrupted")
    const after = await refreshTokens()
    expect(after.target).not.toBe(before.target)
    expect(after.source).not.toBe(before.source)
    expectNoToken(result, before.target, before.source, after.target, after.source)
    source.setLatency(0)
    target.setLatency(0)
    await expectSignedIn()
  })

  it("a refresh token that cannot be saved is a one-line warning per profile, and no token is printed", async () => {
    nearTheirEnd()
    const before = await refreshTokens()
    source.setLatency(150)
    target.setLatency(150)
    // Once both were exchanged, the profiles vanish from profiles.json (another program, a logout elsewhere): the
    // saves at the end have nowhere to go.
    const { result, acted } = await cloneUntilExchanged(
      [inventory, hostedLayer, "--from", profileNames.source, "--yes"],
      () => writeFileSync(profilesFile(), JSON.stringify({ version: 1, profiles: {} }), { mode: 0o600 }),
    )
    expect(acted, result.stderr).toBe(true)
    expect(result.code, result.stderr).toBe(1)
    for (const name of Object.values(profileNames))
      expect(result.stderr).toContain(
        `arcgis-portal: warning: the renewed sign-in of profile "${name}" could not be saved (`,
      )
    expect(result.stderr.match(/warning: /g)).toHaveLength(2)
    expectNoToken(result, before.target, before.source)
    expect(result.stderr).not.toMatch(/refresh_token|Bearer /i)
  })
})
