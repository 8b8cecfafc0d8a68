import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { open } from "../src/CommonSchema.ts"
import * as Endpoint from "../src/Endpoint.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const moveItem = Endpoint.make({
  rest: "moveItem",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm",
  method: "POST",
  idempotent: true,
  request: (input: { owner: string; id: string; folder: string }) => ({
    path: `content/users/${input.owner}/items/${input.id}/move`,
    params: { folder: input.folder },
  }),
  response: open({ success: Schema.Boolean, itemId: Schema.String }),
})

describe("Endpoint.call", () => {
  it.effect("builds the request from the descriptor and decodes the answer", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { success: true, itemId: "abc", owner: "u", folder: "/" } }))
      const result = yield* Endpoint.call(moveItem, "Item.move", { owner: "u", id: "abc", folder: "/" }).pipe(
        Effect.provide(layerFor(scripted)),
      )
      expect(result).toEqual({ success: true, itemId: "abc", owner: "u", folder: "/" })
      expect(scripted.requests[0]?.url.pathname).toBe("/portal/sharing/rest/content/users/u/items/abc/move")
      expect(scripted.requests[0]?.body).toEqual({ folder: "/", f: "json" })
    }),
  )

  it.live("uses the descriptor's idempotency for retries", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make((_, index) =>
        index === 0 ? "reset" : { json: { success: true, itemId: "abc" } },
      )
      yield* Endpoint.call(moveItem, "Item.move", { owner: "u", id: "abc", folder: "/" }).pipe(
        Effect.provide(layerFor(scripted)),
      )
      expect(scripted.requests).toHaveLength(2)
    }),
  )
})
