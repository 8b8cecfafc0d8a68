/**
 * `Items.groups` against a scripted portal: one `GET content/items/<id>/groups`, the three lists as the portal sent
 * them (group records kept whole), missing lists as empty ones, and a malformed id refused before anything is sent.
 */
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Items } from "../src/index.ts"
import { item, itemId, portal } from "./helpers.ts"

const groupsOf = (reference: string | { readonly id: string }) =>
  Effect.flatMap(Items.Items, (items) => items.groups(reference))

const crews = { id: "11111111111111111111111111111111", title: "Field crews", owner: "admin", access: "org" }
const planners = { id: "22222222222222222222222222222222", title: "Planners", owner: "publisher_one", tags: ["plan"] }
const notVisible = { code: 400, messageCode: "CONT_0001", message: "Item does not exist or is inaccessible." }
const others = { id: "33333333333333333333333333333333", title: "Public works", owner: "someone", access: "public" }

describe("Items.groups", () => {
  it.effect("reads content/items/<id>/groups once and keeps each group's record whole, by the caller's place", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`GET content/items/${itemId}/groups`]: { json: { admin: [crews], member: [planners], other: [others] } },
      })
      const result = yield* groupsOf(item()).pipe(Effect.provide(fake.layer))
      expect(result).toEqual({ admin: [crews], member: [planners], other: [others] })
      expect(fake.requests.map((request) => [request.method, ScriptedFetch.route(request)])).toEqual([
        ["GET", `content/items/${itemId}/groups`],
      ])
    }),
  )

  it.effect("takes the id alone too, and answers a list the portal left out as an empty one", () =>
    Effect.gen(function* () {
      const fake = portal({ [`GET content/items/${itemId}/groups`]: { json: { member: [planners] } } })
      const result = yield* groupsOf(itemId).pipe(Effect.provide(fake.layer))
      expect(result).toEqual({ admin: [], member: [planners], other: [] })
    }),
  )

  it.effect("an item the caller cannot see fails with the portal's PortalError, named Items.groups", () =>
    Effect.gen(function* () {
      const fake = portal({ [`GET content/items/${itemId}/groups`]: { json: { error: notVisible } } })
      const error = yield* Effect.flip(groupsOf(itemId).pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "PortalError", messageCode: "CONT_0001", operation: "Items.groups" })
    }),
  )

  it.effect("a group without an id is a DecodeError, not a record passed on", () =>
    Effect.gen(function* () {
      const fake = portal({ [`GET content/items/${itemId}/groups`]: { json: { admin: [{ title: "No id" }] } } })
      const error = yield* Effect.flip(groupsOf(itemId).pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "DecodeError", operation: "Items.groups" })
    }),
  )

  it.effect("a malformed item id is refused with InvalidInput before anything is sent", () =>
    Effect.gen(function* () {
      const fake = portal({})
      const error = yield* Effect.flip(groupsOf("../users/admin").pipe(Effect.provide(fake.layer)))
      expect(error).toMatchObject({ _tag: "InvalidInput", operation: "Items.groups", field: "id" })
      expect(fake.requests).toEqual([])
    }),
  )
})
