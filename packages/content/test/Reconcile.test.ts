/** Ambiguous failures of writes: reconciled (add, delete, bulk) or retried because harmless (update). */
import { Portal } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Content, Items } from "../src/index.ts"
import {
  auth,
  folderId,
  item,
  itemId,
  otherId,
  params,
  portal,
  portalUrl,
  type Recorded,
  type Reply,
} from "./helpers.ts"

const enterprise = { id: "org0000000000001", isPortal: true, user: { username: "publisher_one" } }
const online = { id: "org0000000000001", isPortal: false, user: { username: "publisher_one" } }
const notFound = {
  json: {
    error: { code: 400, messageCode: "CONT_0001", message: "Item does not exist or is inaccessible.", details: [] },
  },
}
const exists = { json: { error: { code: 400, message: "Item already exists.", details: [] } } }

/**
 * A scripted portal for `Content.add`: `addItem(request, attempt)` answers addItem; the item the SDK chose the
 * id of exists once `created()` says so (then `content/items/<id>` answers it).
 */
const addPortal = (
  self: unknown,
  addItem: (request: Recorded, attempt: number, state: { created: boolean }) => Reply,
  found: (id: string) => Record<string, unknown> = (id) => item({ id, title: "Parks" }),
) => {
  const state = { created: false }
  let attempts = 0
  const scripted = ScriptedFetch.make((request) => {
    const path = ScriptedFetch.route(request)
    if (path === "portals/self") return { json: self }
    if (path === "content/users/publisher_one/addItem") return addItem(request, attempts++, state)
    const match = /^content\/items\/([0-9a-f]{32})$/.exec(path)
    if (match) return state.created ? { json: found(match[1]!) } : notFound
    return { json: { error: { code: 400, message: `Unscripted request: ${path}`, details: [] } } }
  })
  const layer = Content.layer.pipe(
    Layer.provideMerge(
      Portal.layer({ url: portalUrl, auth, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 5 } }),
    ),
  )
  const adds = () => scripted.requests.filter((request) => ScriptedFetch.route(request).endsWith("/addItem"))
  const lookups = () => scripted.requests.filter((request) => ScriptedFetch.route(request).startsWith("content/items/"))
  return { scripted, layer, adds, lookups, state }
}

const add = Effect.flatMap(Content.Content, (content) =>
  content.add({ properties: { title: "Parks", type: "Web Map" }, data: { text: { operationalLayers: [] } } }),
)

describe("Content.add on a portal that takes itemIdToCreate (Enterprise)", () => {
  it.live(
    "sends a client-chosen 32-hex id; a connection dropped after the commit → looked up, found, not re-created",
    () =>
      Effect.gen(function* () {
        const fake = addPortal(enterprise, (_, attempt, state) => {
          state.created = true
          return attempt === 0 ? "reset" : { json: { success: true, id: params(_).itemIdToCreate } }
        })
        const created = yield* add.pipe(Effect.provide(fake.layer))
        const [first] = fake.adds()
        const id = params(first!).itemIdToCreate
        expect(id).toMatch(/^[0-9a-f]{32}$/)
        expect(created.id).toBe(id)
        expect(fake.adds()).toHaveLength(1)
        // One lookup to reconcile, one to read the created item.
        expect(fake.lookups().map((request) => ScriptedFetch.route(request))).toEqual([
          `content/items/${id}`,
          `content/items/${id}`,
        ])
      }),
  )

  it.live("absent after the failure → the same request (same id) is sent again", () =>
    Effect.gen(function* () {
      const fake = addPortal(enterprise, (request, attempt, state) => {
        if (attempt === 0) return "reset"
        state.created = true
        return { json: { success: true, id: params(request).itemIdToCreate } }
      })
      const created = yield* add.pipe(Effect.provide(fake.layer))
      const ids = fake.adds().map((request) => params(request).itemIdToCreate)
      expect(ids).toHaveLength(2)
      expect(ids[0]).toBe(ids[1])
      expect(created.id).toBe(ids[0])
      expect(params(fake.adds()[1]!).title).toBe("Parks")
    }),
  )

  it.live("'already exists' on the re-send → looked up → success, never a third addItem", () =>
    Effect.gen(function* () {
      const fake = addPortal(enterprise, (_, attempt, state) => {
        if (attempt === 0) return "reset"
        state.created = true
        return exists
      })
      // The first lookup (after the reset) finds nothing; the item appears before the re-send answers.
      const created = yield* add.pipe(Effect.provide(fake.layer))
      expect(fake.adds()).toHaveLength(2)
      expect(created.id).toBe(params(fake.adds()[0]!).itemIdToCreate)
    }),
  )

  it.live("an item with that id that is not ours (other owner) fails typed, nothing re-sent", () =>
    Effect.gen(function* () {
      const fake = addPortal(
        enterprise,
        (_, __, state) => {
          state.created = true
          return "reset"
        },
        (id) => item({ id, title: "Parks", owner: "someone_else" }),
      )
      const error = yield* Effect.flip(add.pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "PortalError", code: 409 })
      expect(fake.adds()).toHaveLength(1)
    }),
  )

  it.live("a refusal that is not ambiguous (400) is returned as is, with no lookup", () =>
    Effect.gen(function* () {
      const fake = addPortal(enterprise, () => ({
        json: { error: { code: 400, message: "'type' and 'title' property required.", details: [] } },
      }))
      const error = yield* Effect.flip(add.pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "PortalError", code: 400 })
      expect(fake.lookups()).toHaveLength(0)
    }),
  )

  it.live("the multipart start is reconciled the same way", () =>
    Effect.gen(function* () {
      let id = ""
      const scripted = ScriptedFetch.make((request) => {
        const path = ScriptedFetch.route(request)
        if (path === "portals/self") return { json: enterprise }
        if (path.endsWith("/addItem")) {
          id = params(request).itemIdToCreate ?? ""
          return "reset"
        }
        if (path === `content/items/${id}`) return { json: item({ id, title: "big.bin", status: "partial" }) }
        if (path.endsWith("/addPart")) return { json: { success: true } }
        if (path.endsWith("/commit")) return { json: { success: true } }
        if (path.endsWith("/status")) return { json: { status: "completed" } }
        return { json: { error: { code: 400, message: `Unscripted ${path}`, details: [] } } }
      })
      const layer = Content.layer.pipe(
        Layer.provideMerge(
          Portal.layer({ url: portalUrl, auth, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 5 } }),
        ),
      )
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { type: "Code Attachment" },
          data: new File([new Uint8Array(64)], "big.bin"),
          multipartThreshold: 10,
          partSize: 32,
        }),
      ).pipe(Effect.provide(layer))
      expect(created.id).toBe(id)
      const routes = scripted.requests.map((request) => ScriptedFetch.route(request).split("/").pop())
      expect(routes.filter((route) => route === "addItem")).toHaveLength(1)
      expect(routes.filter((route) => route === "addPart")).toHaveLength(2)
    }),
  )
})

describe("Content.add on a portal without itemIdToCreate (Online)", () => {
  it.live("an ambiguous failure is a typed TransportError with a hint, never sent again", () =>
    Effect.gen(function* () {
      const fake = addPortal(online, () => "reset")
      const error = yield* Effect.flip(add.pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "TransportError", reachedServer: true })
      expect(error.message).toMatch(/Look for the item/)
      expect(fake.adds()).toHaveLength(1)
      expect(params(fake.adds()[0]!).itemIdToCreate).toBeUndefined()
      expect(fake.lookups()).toHaveLength(0)
    }),
  )

  it.live("a portal 502 is ambiguous too: the hint is added and the portal's code and messageCode are kept", () =>
    Effect.gen(function* () {
      const fake = addPortal(online, () => ({
        json: { error: { code: 502, messageCode: "GWM_0502", message: "Bad gateway.", details: ["upstream"] } },
      }))
      const error = yield* Effect.flip(add.pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "PortalError", code: 502, messageCode: "GWM_0502", details: ["upstream"] })
      expect(error.message).toMatch(/^Bad gateway\. .*Look for the item/)
      expect(fake.adds()).toHaveLength(1)
    }),
  )
})

describe("idempotent writes after ambiguous failures", () => {
  const ref = { id: itemId, owner: "publisher_one" }

  it.live("update is sent again after a dropped connection (same properties)", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST content/users/publisher_one/items/${itemId}/update`]: (_, count) =>
          count === 0 ? "reset" : { json: { success: true, id: itemId } },
        [`content/items/${itemId}`]: { json: item({ snippet: "new" }) },
      })
      const updated = yield* Effect.flatMap(Items.Items, (items) =>
        items.update(ref, { properties: { snippet: "new" } }),
      ).pipe(Effect.provide(fake.layer))
      expect(updated.snippet).toBe("new")
      const sentTwice = fake.to(`content/users/publisher_one/items/${itemId}/update`)
      expect(sentTwice.map((request) => request.body.snippet)).toEqual(["new", "new"])
    }),
  )

  it.live("delete: 'does not exist' after an ambiguous first attempt is success", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST content/users/publisher_one/items/${itemId}/delete`]: (_, count) => (count === 0 ? "reset" : notFound),
      })
      const deleted = yield* Effect.flatMap(Items.Items, (items) => items.delete(ref)).pipe(Effect.provide(fake.layer))
      expect(deleted).toBe(true)
      expect(fake.to(`content/users/publisher_one/items/${itemId}/delete`)).toHaveLength(2)
    }),
  )

  it.live("delete: 'does not exist' on the first attempt stays a failure", () =>
    Effect.gen(function* () {
      const fake = portal({ [`POST content/users/publisher_one/items/${itemId}/delete`]: notFound })
      const error = yield* Effect.flip(
        Effect.flatMap(Items.Items, (items) => items.delete(ref)).pipe(Effect.provide(fake.layer)),
      )
      expect(error).toMatchObject({ _tag: "PortalError", messageCode: "CONT_0001" })
    }),
  )

  it.live("deleteItems: after an ambiguous batch, items reported missing on the re-send are done", () =>
    Effect.gen(function* () {
      const gone = { success: false, error: { code: 500, message: "Item does not exist or is inaccessible" } }
      const fake = portal({
        "portals/self": { json: enterprise },
        "POST content/users/publisher_one/deleteItems": (_, count) =>
          count === 0
            ? "reset"
            : {
                json: {
                  results: [
                    { itemId, ...gone },
                    { itemId: otherId, success: true },
                  ],
                },
              },
      })
      const results = yield* Effect.flatMap(Content.Content, (content) => content.deleteItems([itemId, otherId])).pipe(
        Effect.provide(fake.layer),
      )
      expect(results).toEqual([
        { itemId, success: true },
        { itemId: otherId, success: true },
      ])
    }),
  )

  it.live("deleteItems: a missing item without an ambiguous attempt is still a per-item failure", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: enterprise },
        "POST content/users/publisher_one/deleteItems": {
          json: {
            results: [
              { itemId, success: false, error: { code: 500, message: "Item does not exist or is inaccessible" } },
            ],
          },
        },
      })
      const [result] = yield* Effect.flatMap(Content.Content, (content) => content.deleteItems([itemId])).pipe(
        Effect.provide(fake.layer),
      )
      expect(result).toMatchObject({ itemId, success: false })
    }),
  )

  it.live("moveItems: an item already in the target folder is done; the batch is retried by core after a reset", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: enterprise },
        "content/users/publisher_one": {
          json: { folders: [{ id: folderId, title: "Archive", username: "publisher_one" }], items: [] },
        },
        "POST content/users/publisher_one/moveItems": (_, count) =>
          count === 0
            ? "reset"
            : {
                json: {
                  results: [
                    { itemId, success: false, error: { code: 500, message: "Item already exists in target folder" } },
                    { itemId: otherId, success: true },
                  ],
                },
              },
      })
      const results = yield* Effect.flatMap(Content.Content, (content) =>
        content.moveItems([itemId, otherId], "Archive"),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([
        { itemId, success: true },
        { itemId: otherId, success: true },
      ])
      expect(fake.to("content/users/publisher_one/moveItems")).toHaveLength(2)
    }),
  )

  it.live("unshareItems: groups the first (ambiguous) attempt already left are not reported as not unshared", () =>
    Effect.gen(function* () {
      const group = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      const fake = portal({
        "portals/self": { json: enterprise },
        "POST content/users/publisher_one/unshareItems": (_, count) =>
          count === 0 ? "reset" : { json: { results: [{ itemId, success: true, notUnsharedFrom: [group] }] } },
        [`content/items/${itemId}/groups`]: { json: { admin: [], member: [], other: [] } },
      })
      const results = yield* Effect.flatMap(Content.Content, (content) =>
        content.unshareItems([itemId], { groups: [group] }),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([{ itemId, success: true, notUnsharedFrom: [] }])
    }),
  )
})
