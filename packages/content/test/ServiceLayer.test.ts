import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Layer, ServiceLayer } from "../src/index.ts"
import { item, portal, token } from "./helpers.ts"

describe("ServiceLayer.fromItem", () => {
  it.effect("the layer of a federated feature service, read with a token for its server", () =>
    Effect.gen(function* () {
      const url = "https://gis.test/server/rest/services/Hosted/parks/FeatureServer"
      const fake = portal({
        "portals/self": { json: { id: "org0000000000001", isPortal: true } },
        // The credential boundary: the server is the portal's own.
        "portals/self/servers": {
          json: { servers: [{ url: "https://gis.test/server", adminUrl: "https://gis.test/server" }] },
        },
        "POST generateToken": { json: { token: "server-token", expires: Date.now() + 3_600_000 } },
        [`${url}/2`]: { json: { id: 2, name: "Trails", geometryType: "esriGeometryPolyline" } },
      })
      const properties = yield* Effect.gen(function* () {
        const layer = yield* ServiceLayer.fromItem(item({ type: "Feature Service", url: `${url}/` }), 2)
        expect(layer.url).toBe(`${url}/2`)
        expect(layer.server).toBe("https://gis.test/server")
        return yield* layer.properties()
      }).pipe(Effect.provide(fake.layer))
      expect(properties).toEqual({ id: 2, name: "Trails", geometryType: "esriGeometryPolyline" })
      const request = fake.to(`${url}/2`)[0]!
      expect(request.method).toBe("GET")
      expect(request.url.searchParams.get("f")).toBe("json")
      expect(request.headers.get("x-esri-authorization")).toBe("Bearer server-token")
      expect(fake.to("generateToken")[0]?.body).toMatchObject({ serverUrl: "https://gis.test/server", token })
    }),
  )

  it.effect("a URL that is not on an ArcGIS Server gets no token; a layer URL is kept", () =>
    Effect.gen(function* () {
      const url = "https://tiles.example.com/layers/3"
      const fake = portal({ [url]: { json: { name: "x" } } })
      yield* Effect.gen(function* () {
        const layer = yield* ServiceLayer.fromItem(item({ type: "Map Service", url }), 0)
        expect([layer.url, layer.server]).toEqual([url, undefined])
        yield* layer.properties()
      }).pipe(Effect.provide(fake.layer))
      expect(fake.to(url)[0]?.headers.get("x-esri-authorization")).toBeNull()
    }),
  )

  it.effect("an ArcGIS Server the portal does not list gets no token and no token exchange", () =>
    Effect.gen(function* () {
      const url = "https://attacker.test/arcgis/rest/services/X/FeatureServer"
      const fake = portal({
        "portals/self": { json: { id: "org0000000000001", isPortal: true } },
        "portals/self/servers": {
          json: { servers: [{ url: "https://gis.test/server", adminUrl: "https://gis.test/server" }] },
        },
        [`${url}/0`]: { json: { id: 0, name: "bait" } },
      })
      yield* Effect.gen(function* () {
        const layer = yield* ServiceLayer.fromItem(item({ type: "Feature Service", url }), 0)
        yield* layer.properties()
      }).pipe(Effect.provide(fake.layer))
      const sent = fake.to(`${url}/0`)
      expect(sent).toHaveLength(1)
      expect(sent[0]?.headers.get("x-esri-authorization")).toBeNull()
      expect(sent[0]?.url.searchParams.has("token")).toBe(false)
      expect(fake.to("generateToken")).toHaveLength(0)
    }),
  )

  it.effect("an item without a URL is refused", () =>
    Effect.gen(function* () {
      const fake = portal({})
      const error = yield* Effect.flip(ServiceLayer.fromItem(item()).pipe(Effect.provide(fake.layer)))
      expect(error._tag).toBe("InvalidInput")
    }),
  )

  it.effect("the deprecated Layer alias is the same module: existing code keeps working", () =>
    Effect.gen(function* () {
      const url = "https://tiles.example.com/layers/3"
      const fake = portal({ [url]: { json: { name: "x" } } })
      expect(Layer.fromItem).toBe(ServiceLayer.fromItem)
      const layer: Layer.ItemLayer = yield* Layer.fromItem(item({ type: "Map Service", url }), 0).pipe(
        Effect.provide(fake.layer),
      )
      const same: ServiceLayer.ItemLayer = layer
      expect([same.url, same.server]).toEqual([url, undefined])
    }),
  )
})
