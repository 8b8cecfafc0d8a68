/**
 * The facade's names that cannot collide with `effect/Layer` — `GIS.layer` of each entry, `ServiceLayer` — and their
 * former names kept for one minor version (`GisLayer`, `ContentLayer`, `Layer`): the very same values, and a program
 * provided with `GIS.layer` runs against the portal it names. Also `gis.map`'s geocoder answer, decoded by its
 * schema (`internal/endpoints/geocode/findAddressCandidates.ts`).
 */
import { Content } from "@arcgis-portal/content"
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as ContentEntry from "../src/content/index.ts"
import * as Main from "../src/index.ts"
import * as NodeEntry from "../src/node/index.ts"

const url = "https://portal.example.com/portal"
const self = {
  id: "org1",
  isPortal: true,
  user: { username: "jsmith" },
  helperServices: { geocode: [{ url: "https://portal.example.com/server/rest/services/Locator/GeocodeServer" }] },
}
const found = { id: "0123456789abcdef0123456789abcdef", owner: "jsmith", title: "Parks", type: "Web Map" }

const scripted = (geocoded: unknown = { candidates: [] }) =>
  ScriptedFetch.make((request) => {
    const route = ScriptedFetch.route(request)
    if (route === "portals/self") return { json: self }
    if (route === "search") return { json: { total: 1, start: 1, num: 1, nextStart: -1, results: [found] } }
    if (request.url.pathname.endsWith("/findAddressCandidates")) return { json: geocoded }
    return { status: 404, json: { error: { code: 404, message: "Not scripted.", details: [] } } }
  })

describe("GIS.layer and ServiceLayer, and their former names", () => {
  it("the former names are the very same values, in every entry", () => {
    expect(Main.GisLayer).toBe(Main.GIS.layer)
    expect(NodeEntry.GIS.layer).toBe(Main.GIS.layer)
    expect(ContentEntry.ContentLayer).toBe(ContentEntry.GIS.layer)
    expect(Main.ContentLayer).toBe(ContentEntry.GIS.layer)
    expect(Main.Layer).toBe(Main.ServiceLayer)
    expect(NodeEntry.ServiceLayer).toBe(Main.ServiceLayer)
  })

  it("a program provided with each entry's GIS.layer searches the portal it names", async () => {
    for (const layer of [Main.GIS.layer, ContentEntry.GIS.layer]) {
      const fetch = scripted()
      const search = Effect.flatMap(Content.Content, (content) => content.search("parks", { maxItems: 1 }))
      const items = await Effect.runPromise(
        Effect.provide(search, layer({ url, fetch: fetch.fetch, retry: RetryPolicy.none })),
      )
      expect(items.map((item) => item.title)).toEqual(["Parks"])
      expect(fetch.requests.some((request) => ScriptedFetch.route(request) === "search")).toBe(true)
    }
  })
})

describe("gis.map's geocoder answer, decoded by its schema", () => {
  const map = async (geocoded: unknown) => {
    const fetch = scripted(geocoded)
    const gis = await Main.GIS.connect({ url, fetch: fetch.fetch, retry: RetryPolicy.none })
    const result = await gis.map("380 New York St, Redlands").catch((error: unknown) => error)
    await gis.close()
    return result
  }

  it("no candidate, or one without coordinates, is GeocodeError NoMatch", async () => {
    expect(await map({ candidates: [] })).toMatchObject({ _tag: "GeocodeError", reason: "NoMatch" })
    expect(await map({ candidates: [{ address: "Somewhere", score: 10 }] })).toMatchObject({ reason: "NoMatch" })
  })

  it("an answer not of the documented shape is a DecodeError naming the call, not a URL made of it", async () => {
    const error = await map({ candidates: [{ location: { x: "-117.19", y: 34.05 } }] })
    expect(error).toMatchObject({ _tag: "DecodeError", operation: "GIS.map.geocode" })
  })
})
