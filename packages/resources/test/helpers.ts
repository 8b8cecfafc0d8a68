import type { Auth, PortalError, Transport } from "@arcgis-portal/core"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Resources } from "../src/index.ts"

export const portalUrl = "https://portal.test/portal"
export const restUrl = `${portalUrl}/sharing/rest`
export const token = "unit-test-token"
export const itemId = "0123456789abcdef0123456789abcdef"
export const item = { id: itemId, owner: "publisher_one" }

export const auth: AuthStrategy.AuthStrategy = {
  name: "test-static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
}

export type Reply = ScriptedFetch.Reply
export type Recorded = ScriptedFetch.Recorded
export type Route = Reply | ((request: Recorded, count: number) => Reply | Promise<Reply>)

/** A scripted portal: `routes` maps paths relative to sharing/rest to replies; others get a 400 envelope. */
export const scripted = (routes: Record<string, Route>, options: Resources.Options = {}) => {
  const counts = new Map<string, number>()
  const fetch = ScriptedFetch.make((request) => {
    const key = ScriptedFetch.route(request)
    const count = counts.get(key) ?? 0
    counts.set(key, count + 1)
    const route = routes[key]
    if (route === undefined)
      return { json: { error: { code: 400, message: `Unscripted request: ${key}`, details: [] } } }
    return typeof route === "function" ? route(request, count) : route
  })
  const layer: Layer.Layer<
    Resources.Resources | Portal.Portal | Auth.Auth | Transport.Transport,
    PortalError.InvalidInput
  > = Resources.layer(options).pipe(
    Layer.provideMerge(
      Portal.layer({ url: portalUrl, auth, fetch: fetch.fetch, retry: { times: 3, base: 1, maxDelay: 5 } }),
    ),
  )
  const to = (path: string) => fetch.requests.filter((request) => ScriptedFetch.route(request) === path)
  return { requests: fetch.requests, layer, to }
}

export const run = <A, E>(
  routes: Record<string, Route>,
  use: (resources: Resources.ResourcesShape) => Effect.Effect<A, E>,
  options: Resources.Options = {},
) => {
  const portal = scripted(routes, options)
  return Effect.map(
    Effect.gen(function* () {
      return yield* use(yield* Resources.Resources)
    }).pipe(Effect.provide(portal.layer)),
    (value) => ({ value, ...portal }),
  )
}

export const fixture = async (name: string): Promise<unknown> => {
  const { readFile } = await import("node:fs/promises")
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), "utf8"))
}

export const ownerPath = `content/users/publisher_one/items/${itemId}`
export const operationResult = { success: true, itemId, owner: "publisher_one", folder: null }
