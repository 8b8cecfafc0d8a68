import type { Auth, PortalError, Transport } from "@arcgis-portal/core"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Content, Items } from "../src/index.ts"

export const portalUrl = "https://portal.test/portal"
export const restUrl = `${portalUrl}/sharing/rest`
export const token = "unit-test-token"

/** A strategy with a fixed token, enough to see credentials travel. */
export const auth: AuthStrategy.AuthStrategy = {
  name: "test-static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
}

export type Reply = ScriptedFetch.Reply
export type Recorded = ScriptedFetch.Recorded
export type Route = Reply | ((request: Recorded, count: number) => Reply | Promise<Reply>)

/**
 * A scripted portal: `routes` maps `"<METHOD> <path relative to sharing/rest>"` (or just the path)
 * to a reply; `count` is how many times that route was hit before. Unknown routes answer a 400
 * envelope so a test fails loudly.
 */
export const portal = (routes: Record<string, Route>) => {
  const counts = new Map<string, number>()
  const scripted = ScriptedFetch.make((request) => {
    const path = request.url.href.startsWith(restUrl) ? ScriptedFetch.route(request) : request.url.href.split("?")[0]!
    const key = `${request.method} ${path}`
    const route = routes[key] ?? routes[path ?? ""]
    const name = routes[key] !== undefined ? key : (path ?? "")
    const count = counts.get(name) ?? 0
    counts.set(name, count + 1)
    if (route === undefined) {
      return { json: { error: { code: 400, message: `Unscripted request: ${key}`, details: [] } } }
    }
    return typeof route === "function" ? route(request, count) : route
  })
  const layer: Layer.Layer<
    Content.Content | Items.Items | Portal.Portal | Auth.Auth | Transport.Transport,
    PortalError.InvalidInput
  > = Layer.mergeAll(Content.layer, Items.layer).pipe(
    Layer.provideMerge(
      Portal.layer({ url: portalUrl, auth, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 5 } }),
    ),
  )
  /** Requests to `path` (relative to sharing/rest, or absolute). */
  const to = (path: string) =>
    scripted.requests.filter(
      (request) => ScriptedFetch.route(request) === path || request.url.href.split("?")[0] === path,
    )
  return { scripted, layer, to, requests: scripted.requests }
}

export const itemId = "0123456789abcdef0123456789abcdef"
export const otherId = "fedcba9876543210fedcba9876543210"
export const folderId = "0bffc1c3fe984a17bd9ae705b3ca7e22"

export const item = (overrides: Record<string, unknown> = {}) => ({
  id: itemId,
  owner: "publisher_one",
  title: "Parks",
  type: "CSV",
  access: "private",
  ...overrides,
})

export const self = { id: "org0000000000001", name: "Test", user: { username: "publisher_one" } }

/** Waits (in real time) until `predicate` holds: fetches are real promises, even on the test clock. */
export const until = (predicate: () => boolean) =>
  Effect.promise(async () => {
    for (let attempt = 0; attempt < 2_000 && !predicate(); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  })

/** Lets pending real-time work (fetches) finish, to check that nothing more happened. */
export const settle = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))

/** Deterministic bytes. */
export const bytes = (size: number) => {
  const out = new Uint8Array(size)
  for (let index = 0; index < size; index++) out[index] = (index * 31 + 7) % 251
  return out
}

export const params = (request: Recorded): Record<string, string> =>
  request.method === "GET" ? Object.fromEntries(request.url.searchParams) : request.body
