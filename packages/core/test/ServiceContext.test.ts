import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { open } from "../src/CommonSchema.ts"
import * as Endpoint from "../src/Endpoint.ts"
import * as Portal from "../src/Portal.ts"
import * as PortalSelf from "../src/PortalSelf.ts"
import * as ServiceContext from "../src/ServiceContext.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor, portalUrl } from "./helpers.ts"

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

const itemData = Endpoint.makeBytes({
  rest: "itemData",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm",
  method: "GET",
  request: (input: { id: string }) => ({ path: `content/items/${input.id}/data` }),
})

const script = (request: ScriptedFetch.Recorded): ScriptedFetch.Reply => {
  const route = ScriptedFetch.route(request)
  if (route === "portals/self") return { json: { id: "org1", isPortal: true, user: { username: "me" } } }
  if (route.endsWith("/data")) return { body: "a,b\n1,2\n", headers: { "content-type": "text/csv" } }
  return { json: { success: true, itemId: "abc" } }
}

describe("ServiceContext", () => {
  it.effect("capture: calls and byte calls go through the captured Transport, portals/self is read once", () => {
    const scripted = ScriptedFetch.make(script)
    return Effect.gen(function* () {
      const context = yield* ServiceContext.capture
      expect(context.portal.portalUrl).toBe(portalUrl)
      const moved = yield* context.call(moveItem, "Test.move", { owner: "me", id: "abc", folder: "/" })
      expect(moved).toEqual({ success: true, itemId: "abc" })
      const data = yield* context.bytes(itemData, "Test.data", { id: "abc" })
      expect(new TextDecoder().decode(yield* Transport.collectBytes(data.stream))).toBe("a,b\n1,2\n")
      const first = yield* context.self("Test.self")
      const second = yield* context.self("Test.self")
      expect(first).toMatchObject({ id: "org1", isPortal: true, user: { username: "me" } })
      expect(second).toBe(first)
      expect(scripted.requests.map((request) => [request.method, ScriptedFetch.route(request)])).toEqual([
        ["POST", "content/users/me/items/abc/move"],
        ["GET", "content/items/abc/data"],
        ["GET", "portals/self"],
      ])
      expect(scripted.requests[0]?.body).toEqual({ folder: "/", f: "json" })
    }).pipe(Effect.provide(layerFor(scripted)))
  })

  it.effect("capture shares the PortalSelf of the layer with every other service built on it", () => {
    const scripted = ScriptedFetch.make(script)
    return Effect.gen(function* () {
      const one = yield* ServiceContext.capture
      const two = yield* ServiceContext.capture
      const shared = yield* PortalSelf.PortalSelf
      yield* Effect.all([one.self("Test.one"), two.self("Test.two"), shared.get("Test.shared")])
      expect(scripted.requests.filter((request) => ScriptedFetch.route(request) === "portals/self")).toHaveLength(1)
    }).pipe(Effect.provide(layerFor(scripted)))
  })

  it.effect("make: over given services, with the send options passed on (byte progress of the answer)", () => {
    const scripted = ScriptedFetch.make(script)
    return Effect.gen(function* () {
      const transport = yield* Transport.Transport
      const context = ServiceContext.make(transport, yield* Portal.Portal, PortalSelf.make(transport))
      const seen: Array<number> = []
      const data = yield* context.bytes(
        itemData,
        "Test.data",
        { id: "abc" },
        { onDownloadProgress: (progress) => seen.push(progress.bytes) },
      )
      yield* Transport.collectBytes(data.stream)
      expect(seen.at(-1)).toBe(8)
      expect((yield* context.self("Test.self")).id).toBe("org1")
    }).pipe(Effect.provide(layerFor(scripted)))
  })
})
