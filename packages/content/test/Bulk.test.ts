import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Content } from "../src/index.ts"
import { folderId, itemId, otherId, params, portal, type Recorded, self } from "./helpers.ts"

const withContent = <A, E>(f: (content: Content.ContentShape) => Effect.Effect<A, E>) =>
  Effect.flatMap(Content.Content, f)

/** `count` distinct item ids. */
const ids = (count: number) => Array.from({ length: count }, (_, index) => index.toString(16).padStart(32, "0"))

/** A bulk endpoint that succeeds for every item it is sent, answering in reverse order. */
const echo =
  (extra: (id: string) => Record<string, unknown> = () => ({})) =>
  (request: Recorded) => ({
    json: {
      results: params(request)
        .items!.split(",")
        .reverse()
        .map((id) => ({ itemId: id, success: true, ...extra(id) })),
    },
  })

describe("Content.shareItems", () => {
  it.effect("sends the ids comma-joined with everyone, org, groups; per-item failures are data", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "POST content/users/publisher_one/shareItems": {
          json: {
            results: [
              { itemId, success: true, notSharedWith: ["g2"] },
              {
                itemId: otherId,
                success: false,
                error: { code: 500, message: "Item does not exist or is inaccessible" },
              },
            ],
          },
        },
      })
      const results = yield* withContent((content) =>
        content.shareItems([itemId, { id: otherId }], {
          org: true,
          groups: ["g1", { id: "g2" }],
          allowMembersToEdit: true,
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([
        { itemId, success: true, notSharedWith: ["g2"] },
        { itemId: otherId, success: false, error: { code: 500, message: "Item does not exist or is inaccessible" } },
      ])
      const [request] = fake.to("content/users/publisher_one/shareItems")
      expect(request?.body).toEqual({
        f: "json",
        items: `${itemId},${otherId}`,
        org: "true",
        groups: "g1,g2",
        confirmItemControl: "true",
      })
    }),
  )

  it.live("more than 100 items: requests of 100, bounded concurrency, results in input order", () =>
    Effect.gen(function* () {
      let inFlight = 0
      let maxInFlight = 0
      const fake = portal({
        "portals/self": { json: self },
        "POST content/users/publisher_one/shareItems": async (request, count) => {
          inFlight += 1
          maxInFlight = Math.max(maxInFlight, inFlight)
          // The first batch answers last.
          await new Promise((resolve) => setTimeout(resolve, count === 0 ? 30 : 5))
          inFlight -= 1
          return echo(() => ({ notSharedWith: [] }))(request)
        },
      })
      const input = ids(250)
      const results = yield* withContent((content) =>
        content.shareItems(input, { everyone: true, concurrency: 2 }),
      ).pipe(Effect.provide(fake.layer))
      expect(results.map((result) => result.itemId)).toEqual(input)
      expect(results.every((result) => result.success)).toBe(true)
      const sent = fake.to("content/users/publisher_one/shareItems").map((request) => params(request).items!.split(","))
      expect(sent.map((batch) => batch.length)).toEqual([100, 100, 50])
      expect(sent.flat()).toEqual(input)
      expect(maxInFlight).toBe(2)
    }),
  )

  it.effect("a malformed id is refused before anything is sent; no items sends nothing", () =>
    Effect.gen(function* () {
      const fake = portal({ "portals/self": { json: self } })
      const error = yield* Effect.flip(
        withContent((content) => content.shareItems([itemId, "not-an-id"], { org: true })).pipe(
          Effect.provide(fake.layer),
        ),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "items", operation: "Content.shareItems" })
      expect(error.message).toContain("items[1]")
      expect(yield* withContent((content) => content.deleteItems([])).pipe(Effect.provide(fake.layer))).toEqual([])
      expect(fake.requests).toHaveLength(0)
    }),
  )

  it.effect("a refused request (not one item) fails the effect with the typed PortalError", () =>
    Effect.gen(function* () {
      const fake = portal({
        "POST content/users/publisher_one/shareItems": {
          json: { error: { code: 403, messageCode: "GWM_0003", message: "You do not have permissions.", details: [] } },
        },
      })
      const error = yield* Effect.flip(
        withContent((content) => content.shareItems([itemId], { org: true, owner: "publisher_one" })).pipe(
          Effect.provide(fake.layer),
        ),
      )
      expect(error).toMatchObject({ _tag: "PortalError", reason: "Forbidden", code: 403 })
    }),
  )
})

describe("Content.unshareItems, moveItems, deleteItems", () => {
  it.effect("unshareItems sends the groups; an empty group list is refused before sending", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "POST content/users/publisher_one/unshareItems": echo(() => ({ notUnsharedFrom: ["g9"] })),
      })
      const results = yield* withContent((content) =>
        content.unshareItems([itemId], { groups: ["g1", { id: "g9" }] }),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([{ itemId, success: true, notUnsharedFrom: ["g9"] }])
      expect(fake.requests.at(-1)?.body).toEqual({ f: "json", items: itemId, groups: "g1,g9" })
      const error = yield* Effect.flip(
        withContent((content) => content.unshareItems([itemId], { groups: [] })).pipe(Effect.provide(fake.layer)),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "groups" })
      expect(fake.to("content/users/publisher_one/unshareItems")).toHaveLength(1)
    }),
  )

  it.effect("moveItems resolves a folder name to its id, `/` is the root, an unknown folder is refused", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "GET content/users/publisher_one": {
          json: { folders: [{ id: folderId, title: "Archive", username: "publisher_one" }] },
        },
        "POST content/users/publisher_one/moveItems": echo(),
      })
      const moved = yield* withContent((content) => content.moveItems([itemId, otherId], "archive")).pipe(
        Effect.provide(fake.layer),
      )
      expect(moved).toEqual([
        { itemId, success: true },
        { itemId: otherId, success: true },
      ])
      yield* withContent((content) => content.moveItems([itemId], "/")).pipe(Effect.provide(fake.layer))
      expect(fake.to("content/users/publisher_one/moveItems").map((request) => params(request).folder)).toEqual([
        folderId,
        "/",
      ])
      const error = yield* Effect.flip(
        withContent((content) => content.moveItems([itemId], "Nope")).pipe(Effect.provide(fake.layer)),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "folder" })
      expect(fake.to("content/users/publisher_one/moveItems")).toHaveLength(2)
    }),
  )

  it.effect("deleteItems for another owner; duplicates are sent once; unreported items become failures", () =>
    Effect.gen(function* () {
      const fake = portal({
        "POST content/users/user_one/deleteItems": {
          json: {
            results: [
              { itemId, success: true },
              { itemId: "ignored00000000000000000000000000", success: true },
            ],
          },
        },
      })
      const results = yield* withContent((content) =>
        content.deleteItems([itemId, otherId, itemId], { owner: "user_one" }),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([
        { itemId, success: true },
        { itemId: otherId, success: false, error: { message: "The portal did not report on this item." } },
        { itemId, success: true },
      ])
      expect(fake.requests).toHaveLength(1)
      expect(fake.requests[0]?.body).toEqual({ f: "json", items: `${itemId},${otherId}` })
      const failure = results[1]
      if (failure?.success === false) expect(failure.error.message).toMatch(/did not report/)
    }),
  )
})
