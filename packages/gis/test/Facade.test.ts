/**
 * The facade's conventions against a scripted portal (core's ScriptedFetch): how arguments become
 * requests, `undefined` for "does not exist", and rejections with the typed errors themselves.
 */
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "vitest"
import { AuthError, GeocodeError, GIS, InvalidInput, PortalError } from "../src/index.ts"

const url = "https://portal.example.com/portal"
const itemId = "0123456789abcdef0123456789abcdef"
const groupId = "fedcba9876543210fedcba9876543210"
const secretPassword = "s3cret-Pa55word"

const self = {
  id: "org1",
  name: "Example",
  isPortal: true,
  user: { username: "jsmith" },
  helperServices: { geocode: [{ url: "https://portal.example.com/server/rest/services/Locator/GeocodeServer" }] },
}
const item = { id: itemId, owner: "jsmith", title: "Parks", type: "Web Map", access: "private", tags: ["parks"] }
const notFound = {
  error: { code: 400, messageCode: "CONT_0001", message: "Item does not exist or is inaccessible.", details: [] },
}

type Script = (route: string, request: ScriptedFetch.Recorded) => ScriptedFetch.Reply | undefined

const connect = async (script: Script, options: Parameters<typeof GIS.connect>[0] = {}) => {
  const scripted = ScriptedFetch.make((request) => {
    const route = ScriptedFetch.route(request)
    const reply = script(route, request)
    if (reply !== undefined) return reply
    if (route === "generateToken") return { json: { token: "t0ken-value", expires: Date.now() + 3_600_000 } }
    if (route === "portals/self") return { json: self }
    if (route === `content/items/${itemId}`) return { json: item }
    return { status: 404, json: { error: { code: 404, message: "Not scripted.", details: [] } } }
  })
  const gis = await GIS.connect({ url, fetch: scripted.fetch, retry: RetryPolicy.none, ...options })
  return { gis, requests: scripted.requests }
}

describe("GIS.connect", () => {
  it("signs in with username/password (generateToken, password in the POST body) and reads portals/self", async () => {
    const { gis, requests } = await connect(() => undefined, { username: "jsmith", password: secretPassword })
    const token = requests.find((request) => ScriptedFetch.route(request) === "generateToken")
    expect(token?.method).toBe("POST")
    expect(token?.body.password).toBe(secretPassword)
    expect(token?.url.search).not.toContain(secretPassword)
    expect(requests.some((request) => ScriptedFetch.route(request) === "portals/self")).toBe(true)
    expect(gis.url).toBe(url)
    await gis.close()
  })

  it("rejects bad credentials with the typed AuthError/PortalError, never a FiberFailure, and no password", async () => {
    const error = await connect(
      (route) =>
        route === "generateToken"
          ? {
              json: {
                error: { code: 400, message: "Unable to generate token.", details: ["Invalid username or password."] },
              },
            }
          : undefined,
      { username: "jsmith", password: secretPassword },
    ).catch((failure: unknown) => failure)
    expect(error instanceof PortalError || error instanceof AuthError).toBe(true)
    expect((error as { _tag: string })._tag).toMatch(/^(PortalError|AuthError)$/)
    expect((error as Error).name).not.toMatch(/FiberFailure/)
    expect(JSON.stringify(error)).not.toContain(secretPassword)
    expect(String(error)).not.toContain(secretPassword)
    expect((error as Error).stack ?? "").not.toContain(secretPassword)
  })

  it("refuses Node-only arguments in the browser-safe entry, pointing to @arcgis-portal/gis/node", async () => {
    for (const options of [
      { profile: "work" },
      { keyFile: "a.key", certFile: "a.crt" },
      { proxy: { host: "p", port: 1 } },
      { clientId: "APP" },
    ]) {
      const error = await GIS.connect({ url, ...options }).catch((failure: unknown) => failure)
      expect(error).toBeInstanceOf(InvalidInput)
      expect((error as InvalidInput).message).toContain("@arcgis-portal/gis/node")
    }
  })

  it("an explicit auth wins over credential arguments", async () => {
    const { gis, requests } = await connect(() => undefined, {
      auth: { name: "custom" },
      username: "ignored",
      password: "ignored",
    })
    expect(requests.some((request) => ScriptedFetch.route(request) === "generateToken")).toBe(false)
    await gis.close()
  })
})

describe("argument conventions", () => {
  it("one required parameter is positional, then an options object with camelCase Python names", async () => {
    const { gis, requests } = await connect((route) =>
      route === "search" ? { json: { total: 1, start: 1, num: 1, nextStart: -1, results: [item] } } : undefined,
    )
    const found = await gis.content.search("parks", {
      itemType: "Web Map",
      sortField: "title",
      sortOrder: "asc",
      maxItems: 5,
    })
    expect(found.map((entry) => entry.title)).toEqual(["Parks"])
    const search = requests.find((request) => ScriptedFetch.route(request) === "search")!
    expect(search.url.searchParams.get("q")).toBe('(parks) AND type:"Web Map" accountid:org1')
    expect(search.url.searchParams.get("sortField")).toBe("title")
    expect(search.url.searchParams.get("sortOrder")).toBe("asc")
    expect(search.url.searchParams.get("num")).toBe("5")
    await gis.close()
  })

  it("more than one required parameter: one object", async () => {
    const { gis, requests } = await connect((route) =>
      route === "portals/self/isServiceNameAvailable" ? { json: { available: false } } : undefined,
    )
    expect(await gis.content.isServiceNameAvailable({ serviceName: "parks", serviceType: "featureService" })).toBe(
      false,
    )
    const check = requests.find((request) => ScriptedFetch.route(request) === "portals/self/isServiceNameAvailable")!
    expect(check.url.searchParams.get("name")).toBe("parks")
    expect(check.url.searchParams.get("type")).toBe("Feature Service")
    await gis.close()
  })

  it("no required parameter: an options object; groups as Group objects or a comma-separated string", async () => {
    const { gis, requests } = await connect((route) =>
      route === `content/users/jsmith/items/${itemId}/share` ? { json: { notSharedWith: [], itemId } } : undefined,
    )
    const found = await gis.content.get(itemId)
    await found!.share({ org: true, groups: `${groupId}, ${groupId.replace("f", "e")}` })
    await found!.share({ everyone: false, groups: [{ id: groupId }], allowMembersToEdit: true })
    const shares = requests.filter((request) => ScriptedFetch.route(request).endsWith("/share"))
    expect(shares[0]?.body).toMatchObject({ org: "true", groups: `${groupId},${groupId.replace("f", "e")}` })
    expect(shares[1]?.body).toMatchObject({ everyone: "false", groups: groupId, confirmItemControl: "true" })
    await gis.close()
  })

  it("fields are read-only properties, the JSON is toJSON(), network properties are methods", async () => {
    const { gis } = await connect((route) =>
      route === `content/items/${itemId}/comments`
        ? { json: { total: 1, start: 1, num: 100, nextStart: -1, comments: [{ id: "c1", comment: "hi" }] } }
        : undefined,
    )
    const found = await gis.content.get(itemId)
    expect(found?.title).toBe("Parks")
    expect(found?.tags).toEqual(["parks"])
    expect(found?.toJSON()).toEqual(item)
    expect(() => {
      ;(found as { title: string }).title = "changed"
    }).toThrow(TypeError)
    expect(found?.homepage).toBe(`${url}/home/item.html?id=${itemId}`)
    expect((await found!.comments()).map((comment) => comment.comment)).toEqual(["hi"])
    await gis.close()
  })
})

describe("results and rejections", () => {
  it("get resolves undefined when the portal says the thing does not exist", async () => {
    const { gis } = await connect((route) => (route === `content/items/${itemId}` ? { json: notFound } : undefined))
    expect(await gis.content.get(itemId)).toBeUndefined()
    await gis.close()
  })

  it("every other failure rejects with the typed error itself (instanceof, _tag, reason)", async () => {
    const { gis } = await connect((route) =>
      route === `content/items/${itemId}`
        ? {
            json: {
              error: { code: 403, messageCode: "GWM_0003", message: "You do not have permissions.", details: [] },
            },
          }
        : undefined,
    )
    const error = await gis.content.get(itemId).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(PortalError)
    expect(error).toMatchObject({
      _tag: "PortalError",
      reason: "Forbidden",
      messageCode: "GWM_0003",
      operation: "Content.get",
    })
    await gis.close()
  })

  it("a listing rejects inside for await with the typed error", async () => {
    const { gis } = await connect((route) =>
      route === "search" ? { json: { error: { code: 400, message: "Invalid query.", details: [] } } } : undefined,
    )
    const titles: Array<string> = []
    const error = await (async () => {
      for await (const found of gis.content.searchAll("((")) titles.push(found.title)
    })().catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(PortalError)
    expect(titles).toEqual([])
    await gis.close()
  })

  it("a file path in the browser-safe entry is refused with InvalidInput, nothing sent", async () => {
    const { gis, requests } = await connect(() => undefined)
    const before = requests.length
    const error = await gis.content
      .add({ title: "x", type: "CSV" }, { data: "./parks.csv" })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(requests.length).toBe(before)
    await gis.close()
  })
})

describe("gis.map", () => {
  it("centres on [lat, long] at a zoom level", async () => {
    const { gis } = await connect(() => undefined)
    const viewer = new URL(await gis.map([34.05, -118.25], 12))
    expect(`${viewer.origin}${viewer.pathname}`).toBe(`${url}/apps/mapviewer/index.html`)
    expect(viewer.searchParams.get("center")).toBe("-118.25,34.05")
    expect(viewer.searchParams.get("level")).toBe("12")
    await gis.close()
  })

  it("geocodes an address with the portal's geocoder", async () => {
    const { gis, requests } = await connect((_route, request) =>
      request.url.pathname.endsWith("/findAddressCandidates")
        ? {
            json: {
              candidates: [
                {
                  location: { x: -117.19, y: 34.05 },
                  extent: { xmin: -117.2, ymin: 34.04, xmax: -117.18, ymax: 34.06 },
                },
              ],
            },
          }
        : undefined,
    )
    const centred = new URL(await gis.map("380 New York St, Redlands", 15))
    expect(centred.searchParams.get("center")).toBe("-117.19,34.05")
    const framed = new URL(await gis.map("380 New York St, Redlands"))
    expect(framed.searchParams.get("extent")).toBe("-117.2,34.04,-117.18,34.06")
    const geocode = requests.find((request) => request.url.pathname.endsWith("/findAddressCandidates"))!
    expect(geocode.url.searchParams.get("SingleLine")).toBe("380 New York St, Redlands")
    await gis.close()
  })

  it("rejects with GeocodeError when the portal has no geocoder", async () => {
    const { gis } = await connect((route) =>
      route === "portals/self" ? { json: { ...self, helperServices: {} } } : undefined,
    )
    const error = await gis.map("Somewhere").catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(GeocodeError)
    expect(error).toMatchObject({ _tag: "GeocodeError", reason: "NoGeocoder" })
    await gis.close()
  })
})
