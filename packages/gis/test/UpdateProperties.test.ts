/**
 * `gis.updateProperties(propertiesDict)` — Python's `GIS.update_properties` — through users-groups-roles' typed
 * `updatePortal` endpoint, against a scripted portal: what reaches the wire (one POST, each property a parameter,
 * objects as JSON), what it resolves with, and what it refuses before anything is sent.
 */
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "vitest"
import { GIS, InvalidInput } from "../src/index.ts"

const url = "https://portal.example.com/portal"
const self = { id: "org1", name: "Example", isPortal: true, user: { username: "admin" } }

const connect = async (answer: unknown) => {
  const scripted = ScriptedFetch.make((request) => {
    const route = ScriptedFetch.route(request)
    if (route === "portals/self") return { json: self }
    if (route === "portals/self/update") return { json: answer }
    return { status: 404, json: { error: { code: 404, message: "Not scripted.", details: [] } } }
  })
  const gis = await GIS.connect({ url, token: "t0ken", fetch: scripted.fetch, retry: RetryPolicy.none })
  const updates = () => scripted.requests.filter((request) => ScriptedFetch.route(request) === "portals/self/update")
  return { gis, updates }
}

describe("gis.updateProperties", () => {
  it("POSTs portals/self/update with each property a parameter, objects as JSON, and resolves true", async () => {
    const { gis, updates } = await connect({ success: true, id: "org1" })
    const resolved = await gis.updateProperties({
      description: "Field operations",
      canSignUpUsers: true,
      maxTokenExpirationMinutes: 120,
      featuredGroups: [{ owner: "admin", title: "Crews" }],
      defaultExtent: { xmin: -120, ymin: 30, xmax: -110, ymax: 40 },
      cleared: null,
    })
    expect(resolved).toBe(true)
    const [update] = updates()
    expect(update?.method).toBe("POST")
    expect(update?.body).toEqual({
      f: "json",
      description: "Field operations",
      canSignUpUsers: "true",
      maxTokenExpirationMinutes: "120",
      featuredGroups: JSON.stringify([{ owner: "admin", title: "Crews" }]),
      defaultExtent: JSON.stringify({ xmin: -120, ymin: 30, xmax: -110, ymax: 40 }),
    })
    await gis.close()
  })

  it("resolves false when the portal answers success: false", async () => {
    const { gis } = await connect({ success: false })
    expect(await gis.updateProperties({ description: "x" })).toBe(false)
    await gis.close()
  })

  it("sends a key named __proto__ as the parameter it is, as the dictionary had it", async () => {
    const { gis, updates } = await connect({ success: true })
    await gis.updateProperties(JSON.parse('{"__proto__": "kept", "name": "Org"}'))
    expect(Object.entries(updates()[0]?.body ?? {}).sort()).toEqual([
      ["__proto__", "kept"],
      ["f", "json"],
      ["name", "Org"],
    ])
    await gis.close()
  })

  it("refuses a bigint (JSON has none) and anything but a dictionary with InvalidInput, sending nothing", async () => {
    const { gis, updates } = await connect({ success: true })
    const big = await gis.updateProperties({ maxItems: 10n }).catch((error: unknown) => error)
    expect(big).toBeInstanceOf(InvalidInput)
    expect(big).toMatchObject({ operation: "GIS.updateProperties", field: "propertiesDict" })
    const notDictionary = await gis.updateProperties([] as never).catch((error: unknown) => error)
    expect(notDictionary).toMatchObject({ _tag: "InvalidInput", field: "propertiesDict" })
    expect(updates()).toEqual([])
    await gis.close()
  })
})
