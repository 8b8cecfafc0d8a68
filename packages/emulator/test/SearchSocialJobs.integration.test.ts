import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { parse } from "../src/internal/search/query.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let publisher = ""
let user = ""

beforeAll(async () => {
  // Long enough that a status read right after publish still sees `processing` on a loaded CI machine (30 ms was
  // not: the read came after the job had finished once).
  emulator = await startEmulator({ jobMillis: 800 })
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  publisher = await api.signIn(emulator.accounts.publisher)
  user = await api.signIn(emulator.accounts.user)
})
afterAll(async () => {
  await emulator.stop()
})

const add = async (params: Record<string, string>, token = publisher, owner = "publisher_one") =>
  (await api.json(`content/users/${owner}/addItem`, { params: { text: "{}", ...params }, token })).id as string
const search = async (q: string, token?: string, extra: Record<string, string> = {}) =>
  api.json("search", { method: "GET", params: { q, num: "100", ...extra }, ...(token ? { token } : {}) })
const titles = (response: Json) => (response.results as Array<{ title: string }>).map((item) => item.title).sort()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("search", () => {
  it("parses the query syntax", () => {
    expect(parse('title:"fire maps" AND (type:CSV OR -tags:x)')).toMatchObject({ kind: "and" })
    expect(parse("a b")).toMatchObject({ kind: "and" })
    expect(parse("a OR b")).toMatchObject({ kind: "or" })
    expect(parse("created:[0 TO 10]")).toMatchObject({ kind: "range", field: "created" })
  })

  it("field terms, phrases, wildcards, boolean operators, ranges, org filter", async () => {
    const before = Date.now()
    await add({ title: "Zebra Crossings", type: "Web Map", tags: "transport,zebra" })
    await add({ title: "Zebra Habitat", type: "CSV", tags: "wildlife" })
    await add({ title: "Lion Habitat", type: "CSV", tags: "wildlife" })
    const orgId = (await api.json("portals/self", { token: publisher })).id as string
    expect(titles(await search("zebra", publisher))).toEqual(["Zebra Crossings", "Zebra Habitat"])
    expect(titles(await search('title:"Zebra Habitat"', publisher))).toEqual(["Zebra Habitat"])
    expect(titles(await search("tags:wildlife type:CSV", publisher))).toEqual(["Lion Habitat", "Zebra Habitat"])
    expect(titles(await search("tags:wildlife AND NOT title:lion", publisher))).toEqual(["Zebra Habitat"])
    expect(titles(await search("tags:wildlife -title:lion", publisher))).toEqual(["Zebra Habitat"])
    expect(titles(await search("(title:lion OR title:crossings) owner:publisher_one", publisher))).toEqual([
      "Lion Habitat",
      "Zebra Crossings",
    ])
    expect(titles(await search("title:zeb*", publisher))).toEqual(["Zebra Crossings", "Zebra Habitat"])
    expect(titles(await search(`habitat accountid:${orgId}`, publisher))).toEqual(["Lion Habitat", "Zebra Habitat"])
    expect(titles(await search("habitat accountid:SOMEOTHERORG0000", publisher))).toEqual([])
    const range = `created:[${String(before).padStart(19, "0")} TO ${String(Date.now() + 1000).padStart(19, "0")}] habitat`
    expect(titles(await search(range, publisher))).toEqual(["Lion Habitat", "Zebra Habitat"])
    expect(titles(await search("owner:PUBLISHER_ONE habitat", publisher))).toEqual([])
  })

  it("sees only what the caller may see", async () => {
    await add({ title: "Secret Plan", type: "Web Map" })
    expect(titles(await search("secret", publisher))).toEqual(["Secret Plan"])
    expect(titles(await search("secret", user))).toEqual([])
    expect(titles(await search("secret"))).toEqual([])
    expect(titles(await search("secret", admin))).toEqual(["Secret Plan"])
    expect(titles(await search("city parks"))).toEqual(["City Parks"])
  })

  it("sorts and pages with total and nextStart", async () => {
    for (const letter of ["C", "A", "E", "B", "D"])
      await add({ title: `Paged ${letter}`, type: "Web Map", tags: "paged" })
    const first = await search("tags:paged", publisher, { num: "2", sortField: "title", sortOrder: "desc" })
    expect([first.total, first.start, first.num, first.nextStart]).toEqual([5, 1, 2, 3])
    expect(titles(first)).toEqual(["Paged D", "Paged E"])
    const last = await search("tags:paged", publisher, { num: "2", start: "5", sortField: "title" })
    expect([last.nextStart, titles(last)]).toEqual([-1, ["Paged E"]])
    expect((await search("", publisher)).error.code).toBe(400)
    expect(((await search("tags:paged", publisher, { num: "1000" })).results as Array<unknown>).length).toBe(5)
  })
})

describe("comments, ratings, relationships", () => {
  it("comments: add, list paged, read, delete; counts on the item", async () => {
    const id = await add({ title: "Discussed", type: "Web Map" })
    await api.json(`content/users/publisher_one/items/${id}/share`, { params: { org: "true" }, token: publisher })
    const added = await api.json(`content/items/${id}/addComment`, { params: { comment: "Nice map" }, token: user })
    expect(added.success).toBe(true)
    expect(added.commentId).toMatch(/^[0-9a-f]{32}$/)
    await api.json(`content/items/${id}/addComment`, { params: { comment: "Second" }, token: publisher })
    const listed = await api.json(`content/items/${id}/comments`, { method: "GET", token: user, params: { num: "1" } })
    expect([listed.total, listed.nextStart, listed.comments[0].comment, listed.comments[0].owner]).toEqual([
      2,
      2,
      "Nice map",
      "user_one",
    ])
    expect(
      (await api.json(`content/items/${id}/comments/${added.commentId}`, { method: "GET", token: user })).comment,
    ).toBe("Nice map")
    expect((await api.json(`content/items/${id}`, { token: user })).numComments).toBe(2)
    expect(
      (await api.json(`content/items/${id}/addComment`, { params: { comment: " " }, token: user })).error.code,
    ).toBe(400)
    expect((await api.json(`content/items/${id}/comments/${added.commentId}/delete`, { token: user })).success).toBe(
      true,
    )
    expect((await api.json(`content/items/${id}/addComment`, { params: { comment: "x" } })).error.code).toBe(499)
  })

  it("ratings: one per user, not on your own item, range 1–5; average on the item", async () => {
    const id = await add({ title: "Rated", type: "Web Map" })
    await api.json(`content/users/publisher_one/items/${id}/share`, { params: { org: "true" }, token: publisher })
    expect(await api.json(`content/items/${id}/rating`, { method: "GET", token: user })).toEqual({})
    expect(await api.json(`content/items/${id}/addRating`, { params: { rating: "4" }, token: user })).toEqual({
      success: true,
    })
    await api.json(`content/items/${id}/addRating`, { params: { rating: "5" }, token: admin })
    expect((await api.json(`content/items/${id}/rating`, { method: "GET", token: user })).rating).toBe(4)
    const item = await api.json(`content/items/${id}`, { token: user })
    expect([item.numRatings, item.avgRating]).toEqual([2, 4.5])
    expect(
      (await api.json(`content/items/${id}/addRating`, { params: { rating: "4" }, token: publisher })).error.code,
    ).toBe(400)
    expect((await api.json(`content/items/${id}/addRating`, { params: { rating: "9" }, token: user })).error.code).toBe(
      400,
    )
    expect(await api.json(`content/items/${id}/deleteRating`, { token: user })).toEqual({ success: true })
    expect((await api.json(`content/items/${id}`, { token: user })).numRatings).toBe(1)
  })

  it("relationships: add, related items both directions, dependencies, delete by creator only", async () => {
    const map = await add({ title: "Map with service", type: "Web Map" })
    const service = await add({
      title: "The service",
      type: "Feature Service",
      url: "https://example.invalid/FeatureServer",
    })
    const params = { originItemId: map, destinationItemId: service, relationshipType: "Map2Service" }
    expect(await api.json("content/users/publisher_one/addRelationship", { params, token: publisher })).toEqual({
      success: true,
    })
    const forward = await api.json(`content/items/${map}/relatedItems`, {
      method: "GET",
      params: { relationshipTypes: "Map2Service", direction: "forward" },
      token: publisher,
    })
    expect(forward.relatedItems.map((item: { id: string }) => item.id)).toEqual([service])
    const reverse = await api.json(`content/items/${service}/relatedItems`, {
      method: "GET",
      params: { relationshipTypes: "Map2Service", direction: "reverse" },
      token: publisher,
    })
    expect(reverse.relatedItems.map((item: { id: string }) => item.id)).toEqual([map])
    expect((await api.json(`content/items/${map}/dependencies`, { method: "GET", token: publisher })).list).toEqual([
      { dependencyType: "id", id: service },
    ])
    expect(
      (await api.json(`content/items/${service}/dependencies/listDependentsTo`, { method: "GET", token: publisher }))
        .list,
    ).toEqual([{ dependencyType: "id", id: map }])
    expect(
      (
        await api.json("content/users/publisher_one/addRelationship", {
          params: { ...params, relationshipType: "Nope2Nope" },
          token: publisher,
        })
      ).error.code,
    ).toBe(400)
    expect((await api.json("content/users/user_one/deleteRelationship", { params, token: user })).error).toBeDefined()
    expect(await api.json("content/users/publisher_one/deleteRelationship", { params, token: publisher })).toEqual({
      success: true,
    })
  })
})

describe("jobs: publish, export, createService, analyze/generate", () => {
  const waitFor = async (path: string, params: Record<string, string>, token: string) => {
    for (let attempt = 0; attempt < 250; attempt++) {
      const status = await api.json(path, { method: "GET", params, token })
      if (status.status !== "processing") return status
      await sleep(20)
    }
    throw new Error("job did not finish")
  }

  it("publishes a CSV as a feature service (processing → completed), serves its JSON, exports it back", async () => {
    const csv = await add({ title: "Stations", type: "CSV", text: "name,lat,lon\nA,1,2\nB,3,4\n" })
    expect(
      (
        await api.json("portals/self/isServiceNameAvailable", {
          method: "GET",
          params: { name: "Stations_Svc", type: "Feature Service" },
          token: publisher,
        })
      ).available,
    ).toBe(true)
    const published = await api.json("content/users/publisher_one/publish", {
      params: {
        itemId: csv,
        filetype: "csv",
        publishParameters: JSON.stringify({ name: "Stations_Svc", locationType: "coordinates" }),
      },
      token: publisher,
    })
    const service = published.services[0]
    expect(service.type).toBe("Feature Service")
    expect(service.serviceurl).toBe(
      `${emulator.url.replace(/\/portal$/, "/server")}/rest/services/Hosted/Stations_Svc/FeatureServer`,
    )
    const statusPath = `content/users/publisher_one/items/${service.serviceItemId}/status`
    expect(
      (
        await api.json(statusPath, {
          method: "GET",
          params: { jobId: service.jobId, jobType: "publish" },
          token: publisher,
        })
      ).status,
    ).toBe("processing")
    expect((await waitFor(statusPath, { jobId: service.jobId, jobType: "publish" }, publisher)).status).toBe(
      "completed",
    )
    expect(
      (
        await api.json("portals/self/isServiceNameAvailable", {
          method: "GET",
          params: { name: "Stations_Svc", type: "Feature Service" },
          token: publisher,
        })
      ).available,
    ).toBe(false)
    const serviceJson = (await (
      await fetch(`${service.serviceurl}?f=json`, { headers: { "X-Esri-Authorization": `Bearer ${publisher}` } })
    ).json()) as Json
    expect(serviceJson.layers[0].name).toBe("Stations_Svc")
    const anonymous = (await (await fetch(`${service.serviceurl}?f=json`)).json()) as Json
    expect(anonymous.error.code).toBe(499)
    const exported = await api.json("content/users/publisher_one/export", {
      params: { itemId: service.serviceItemId, exportFormat: "CSV", title: "Stations export" },
      token: publisher,
    })
    expect(exported.exportFormat).toBe("CSV")
    const exportStatus = await waitFor(
      `content/users/publisher_one/items/${exported.exportItemId}/status`,
      { jobId: exported.jobId, jobType: "export" },
      publisher,
    )
    expect(exportStatus.status).toBe("completed")
    const data = await api.call(`content/items/${exported.exportItemId}/data`, { method: "GET", token: publisher })
    expect(await data.text()).toBe("name,lat,lon\nA,1,2\nB,3,4\n")
    const duplicate = await api.json("content/users/publisher_one/publish", {
      params: { itemId: csv, filetype: "csv", publishParameters: JSON.stringify({ name: "Stations_Svc" }) },
      token: publisher,
    })
    expect(duplicate.error.code).toBe(400)
  })

  it("an unpublishable source ends as a failed job with a statusMessage; a user without the privilege is refused", async () => {
    const empty = await add({ title: "Empty", type: "CSV", text: "" })
    const published = await api.json("content/users/publisher_one/publish", {
      params: { itemId: empty, filetype: "csv", publishParameters: JSON.stringify({ name: "Empty_Svc" }) },
      token: publisher,
    })
    const service = published.services[0]
    const status = await api.json(`content/users/publisher_one/items/${service.serviceItemId}/status`, {
      method: "GET",
      params: { jobId: service.jobId, jobType: "publish" },
      token: publisher,
    })
    expect(status).toMatchObject({ status: "failed", statusMessage: "Unable to publish: the CSV file has no records." })
    const own = await add({ title: "Users CSV", type: "CSV", text: "a,b\n1,2\n" }, user, "user_one")
    expect(
      (
        await api.json("content/users/user_one/publish", {
          params: { itemId: own, filetype: "csv", publishParameters: JSON.stringify({ name: "Nope_Svc" }) },
          token: user,
        })
      ).error.code,
    ).toBe(403)
  })

  it("createService makes an empty hosted feature service; names are validated", async () => {
    const created = await api.json("content/users/publisher_one/createService", {
      params: {
        createParameters: JSON.stringify({ name: "Empty_Layer", maxRecordCount: 500 }),
        outputType: "featureService",
        title: "My layer",
      },
      token: publisher,
    })
    expect(created).toMatchObject({ success: true, name: "Empty_Layer", type: "Feature Service", size: -1 })
    const item = await api.json(`content/items/${created.itemId}`, { token: publisher })
    expect(item.title).toBe("My layer")
    expect(
      (
        await api.json("content/users/publisher_one/createService", {
          params: { createParameters: JSON.stringify({ name: "bad name!" }) },
          token: publisher,
        })
      ).error.code,
    ).toBe(400)
  })

  it("analyze and generate read a CSV", async () => {
    const analyzed = await api.json("content/features/analyze", {
      params: { text: "name,latitude,longitude\nA,1,2\n", filetype: "csv" },
      token: publisher,
    })
    expect(analyzed.publishParameters).toMatchObject({
      locationType: "coordinates",
      latitudeFieldName: "latitude",
      longitudeFieldName: "longitude",
    })
    const generated = await api.json("content/features/generate", {
      params: {
        text: "name,latitude,longitude\nA,1,2\n",
        filetype: "csv",
        publishParameters: JSON.stringify(analyzed.publishParameters),
      },
      token: publisher,
    })
    expect(generated.featureCollection.layers[0].featureSet.features[0]).toMatchObject({
      attributes: { name: "A" },
      geometry: { x: 2, y: 1 },
    })
  })
})

describe("search: query details Esri's client relies on", () => {
  it("`field: value` with a space after the colon is a field term", async () => {
    const id = await add({ title: "Spaced query", type: "Web Map" })
    expect(titles(await search(`id: ${id} AND owner: publisher_one`, publisher))).toEqual(["Spaced query"])
  })
})

describe("canDelete and addToDefinition", () => {
  it("canDelete says whether delete protection is on", async () => {
    const id = await add({ title: "Deletable", type: "Web Map" })
    const base = `content/users/publisher_one/items/${id}`
    expect(await api.json(`${base}/canDelete`, { token: publisher })).toEqual({ itemId: id, success: true })
    await api.json(`${base}/protect`, { token: publisher })
    expect((await api.json(`${base}/canDelete`, { token: publisher })).error.messageCode).toBe("CONT_0044")
    expect((await api.json(`${base}/canDelete`, { token: user })).error.code).toBe(403)
  })

  it("addToDefinition adds layers and tables the service JSON then lists; owner or admin only", async () => {
    const created = await api.json("content/users/publisher_one/createService", {
      params: { createParameters: JSON.stringify({ name: "Copy_Target" }) },
      token: publisher,
    })
    const adminUrl = created.serviceurl.replace("/rest/services/", "/rest/admin/services/")
    const post = async (token: string, definition: unknown) =>
      (await (
        await fetch(`${adminUrl}/addToDefinition`, {
          method: "POST",
          body: new URLSearchParams({ f: "json", token, addToDefinition: JSON.stringify(definition) }),
        })
      ).json()) as Json
    const definition = {
      layers: [{ id: 0, name: "Stations", geometryType: "esriGeometryPoint" }],
      tables: [{ id: 1, name: "Readings" }],
    }
    expect((await post(user, definition)).error.code).toBe(404)
    await api.json(`content/users/publisher_one/items/${created.itemId}/share`, {
      params: { org: "true" },
      token: publisher,
    })
    expect((await post(user, definition)).error.code).toBe(403)
    expect((await post(publisher, { layers: [] })).error.code).toBe(400)
    expect((await post(publisher, definition)).success).toBe(true)
    const service = (await (await fetch(`${created.serviceurl}?f=json&token=${publisher}`)).json()) as Json
    expect(service.layers.map((layer: { name: string }) => layer.name)).toEqual(["Stations"])
    expect(service.tables.map((table: { name: string }) => table.name)).toEqual(["Readings"])
    const table = (await (await fetch(`${created.serviceurl}/1?f=json&token=${publisher}`)).json()) as Json
    expect(table.name).toBe("Readings")
  })
})
