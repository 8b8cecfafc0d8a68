/**
 * Esri's own client (`@esri/arcgis-rest-portal`) driving the emulator's content endpoints (rest-api.md §4):
 * items, folders, sharing, relationships, multipart uploads and jobs. Each call must succeed as rest-js sends
 * it, and the change must be visible when read back; failures must reach rest-js with the emulator's codes.
 */
import { createServer } from "node:http"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import {
  addItemPart,
  addItemRelationship,
  commitItemUpload,
  createFolder,
  createItem,
  createItemInFolder,
  exportItem,
  getItem,
  getItemData,
  getItemGroups,
  getItemStatus,
  getRelatedItems,
  getUserContent,
  type IGetItemStatusResponse,
  isServiceNameAvailable,
  moveItem,
  protectItem,
  reassignItem,
  removeFolder,
  removeItem,
  removeItemRelationship,
  SearchQueryBuilder,
  searchItems,
  setItemAccess,
  shareItemWithGroup,
  unprotectItem,
  unshareItemWithGroup,
  updateItem,
} from "@esri/arcgis-rest-portal"
import { ArcGISAuthError, ArcGISIdentityManager, ArcGISRequestError, request } from "@esri/arcgis-rest-request"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nativeFormDataFetch } from "../src/nativeFormDataFetch.ts"

let emulator: EmulatorHandle
let publisher: ArcGISIdentityManager
let user: ArcGISIdentityManager
let admin: ArcGISIdentityManager

const signIn = (account: { username: string; password: string }) =>
  ArcGISIdentityManager.signIn({ username: account.username, password: account.password, portal: emulator.restUrl })

beforeAll(async () => {
  emulator = await startEmulator()
  ;[publisher, user, admin] = await Promise.all([
    signIn(emulator.accounts.publisher),
    signIn(emulator.accounts.user),
    signIn(emulator.accounts.admin),
  ])
})
afterAll(async () => {
  await emulator?.stop()
})

interface Envelope {
  error?: { code: number; messageCode?: string; message: string; details: Array<string> }
}

/** What the emulator itself answers for the same call, read with plain fetch. */
const raw = async (path: string, params: Record<string, string>): Promise<Envelope> => {
  const response = await fetch(`${emulator.restUrl}/${path}`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...params }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Envelope
}

/** Runs `call`, which must fail, and returns its error. */
const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call()
  } catch (error) {
    return error
  }
  throw new Error("expected the call to fail")
}

/** Polls `getItemStatus` until the upload or job has left `processing`. */
const settled = async (options: {
  id: string
  owner?: string
  jobId?: string
  jobType?: "publish" | "export"
}): Promise<IGetItemStatusResponse> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await getItemStatus({ ...options, authentication: publisher })
    if (status.status !== "processing") return status
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`item ${options.id} is still processing`)
}

/** A word no seeded item carries, so searches see only what this file creates. */
const tag = `conformance${Date.now().toString(36)}`

const webMapText = JSON.stringify({ operationalLayers: [], baseMap: { title: "Topo", baseMapLayers: [] } })

describe("rest-js against the emulator: items", () => {
  it("createItem, getItem and getItemData round-trip a Web Map", async () => {
    const created = await createItem({
      item: {
        title: "Conformance Map",
        type: "Web Map",
        tags: [tag, "map"],
        snippet: "made by rest-js",
        typeKeywords: ["Conformance"],
        extent: [
          [-123, 45],
          [-122, 46],
        ],
        properties: { origin: "conformance" },
      },
      text: webMapText,
      authentication: publisher,
    })
    expect(created.success).toBe(true)
    expect(created.id).toMatch(/^[0-9a-f]{32}$/)
    expect(created.folder ?? null).toBeNull()

    const item = await getItem(created.id, { authentication: publisher })
    expect(item).toMatchObject({
      id: created.id,
      owner: "publisher_one",
      title: "Conformance Map",
      type: "Web Map",
      snippet: "made by rest-js",
      access: "private",
      properties: { origin: "conformance" },
      extent: [
        [-123, 45],
        [-122, 46],
      ],
    })
    expect(item.tags).toEqual([tag, "map"])
    expect(item.typeKeywords).toContain("Conformance")
    expect(item.created).toBeTypeOf("number")

    const data = await getItemData(created.id, { authentication: publisher })
    expect(data).toEqual(JSON.parse(webMapText))
  })

  it("createFolder, createItemInFolder, moveItem and removeFolder", async () => {
    const folder = await createFolder({ title: `Conformance ${tag}`, authentication: publisher })
    expect(folder.success).toBe(true)
    expect(folder.folder).toMatchObject({ title: `Conformance ${tag}`, username: "publisher_one" })
    expect(folder.folder.id).toMatch(/^[0-9a-f]{32}$/)

    const inFolder = await createItemInFolder({
      item: { title: "Folder Map", type: "Web Map", tags: [tag] },
      text: webMapText,
      folderId: folder.folder.id,
      authentication: publisher,
    })
    expect(inFolder.success).toBe(true)
    expect(inFolder.folder).toBe(folder.folder.id)
    expect((await getItem(inFolder.id, { authentication: publisher })).ownerFolder).toBe(folder.folder.id)

    const listing = await getUserContent({ folderId: folder.folder.id, authentication: publisher })
    expect(listing.currentFolder?.id).toBe(folder.folder.id)
    expect(listing.items.map((item) => item.id)).toEqual([inFolder.id])

    // Move it to the root, then a root item into the folder.
    const toRoot = await moveItem({ itemId: inFolder.id, authentication: publisher })
    expect(toRoot).toMatchObject({ success: true, itemId: inFolder.id, owner: "publisher_one" })
    expect((await getItem(inFolder.id, { authentication: publisher })).ownerFolder ?? null).toBeNull()
    const back = await moveItem({ itemId: inFolder.id, folderId: folder.folder.id, authentication: publisher })
    expect(back).toMatchObject({ success: true, itemId: inFolder.id, folder: folder.folder.id })
    expect((await getItem(inFolder.id, { authentication: publisher })).ownerFolder).toBe(folder.folder.id)

    // Deleting the folder deletes what it holds.
    const removed = await removeFolder({ folderId: folder.folder.id, authentication: publisher })
    expect(removed.success).toBe(true)
    expect(removed.folder).toMatchObject({ id: folder.folder.id, username: "publisher_one" })
    const root = await getUserContent({ authentication: publisher })
    expect(root.folders.map((candidate) => candidate.id)).not.toContain(folder.folder.id)
    const gone = await failure(() => getItem(inFolder.id, { authentication: publisher }))
    expect((gone as ArcGISRequestError).code).toBe("CONT_0001")
  })

  it("updateItem changes only the fields sent", async () => {
    const { id } = await createItem({
      item: { title: "Before", type: "Web Map", tags: [tag], snippet: "kept" },
      text: webMapText,
      authentication: publisher,
    })
    const updated = await updateItem({
      item: { id, title: "After", description: "<p>updated</p>", tags: [tag, "updated"] },
      authentication: publisher,
    })
    expect(updated).toMatchObject({ success: true, id })
    const item = await getItem(id, { authentication: publisher })
    expect(item.title).toBe("After")
    expect(item.description).toBe("<p>updated</p>")
    expect(item.tags).toEqual([tag, "updated"])
    expect(item.snippet).toBe("kept")
    expect(item.modified).toBeGreaterThanOrEqual(item.created)
  })

  it("protectItem refuses removeItem until unprotectItem; then removeItem deletes", async () => {
    const { id } = await createItem({
      item: { title: "Protected", type: "Web Map", tags: [tag] },
      text: webMapText,
      authentication: publisher,
    })
    expect(await protectItem({ id, authentication: publisher })).toEqual({ success: true })
    expect((await getItem(id, { authentication: publisher })).protected).toBe(true)

    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw(`content/users/publisher_one/items/${id}/delete`, { token })
    expect(answered.error?.code).toBe(400)
    const error = await failure(() => removeItem({ id, authentication: publisher }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((error as ArcGISRequestError).originalMessage).toBe(answered.error?.message)
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect((await getItem(id, { authentication: publisher })).id).toBe(id)

    expect(await unprotectItem({ id, authentication: publisher })).toEqual({ success: true })
    expect((await getItem(id, { authentication: publisher })).protected).toBe(false)
    expect(await removeItem({ id, authentication: publisher })).toEqual({ success: true, itemId: id })
    const gone = await failure(() => getItem(id, { authentication: publisher }))
    expect((gone as ArcGISRequestError).code).toBe("CONT_0001")
  })
})

describe("rest-js against the emulator: search", () => {
  it("searchItems with a string, a SearchQueryBuilder, and paging through nextPage", async () => {
    const pageTag = `${tag}paged`
    const ids: Array<string> = []
    for (let index = 0; index < 5; index++) {
      const { id } = await createItem({
        item: { title: `Paged ${index}`, type: "Web Map", tags: [pageTag] },
        text: webMapText,
        authentication: publisher,
      })
      ids.push(id)
    }

    const byString = await searchItems({ q: `tags:${pageTag}`, num: 10, authentication: publisher })
    expect(byString.total).toBe(5)
    expect(byString.nextStart).toBe(-1)
    expect(byString.results.map((item) => item.id).sort()).toEqual([...ids].sort())

    const query = new SearchQueryBuilder()
      .match("publisher_one")
      .in("owner")
      .and()
      .match(pageTag)
      .in("tags")
      .and()
      .match("Web Map")
      .in("type")
    const first = await searchItems({
      q: query,
      num: 2,
      sortField: "title",
      sortOrder: "asc",
      authentication: publisher,
    })
    expect(first.query).toBe(query.toParam())
    expect(first).toMatchObject({ total: 5, start: 1, num: 2, nextStart: 3 })
    expect(first.results.map((item) => item.title)).toEqual(["Paged 0", "Paged 1"])
    expect(first.nextPage).toBeTypeOf("function")

    const seen = [...first.results]
    let page = first
    while (page.nextPage !== undefined) {
      page = await page.nextPage()
      seen.push(...page.results)
    }
    expect(page.nextStart).toBe(-1)
    expect(seen.map((item) => item.title)).toEqual(["Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4"])

    // Private items stay invisible to another user and to anonymous callers.
    expect((await searchItems({ q: `tags:${pageTag}`, authentication: user })).total).toBe(0)
    expect((await searchItems({ q: `tags:${pageTag}`, portal: emulator.restUrl })).total).toBe(0)
  })
})

describe("rest-js against the emulator: sharing", () => {
  it("setItemAccess moves an item through org, public and back to private", async () => {
    const { id } = await createItem({
      item: { title: "Access Map", type: "Web Map", tags: [tag, "access"] },
      text: webMapText,
      authentication: publisher,
    })
    const visibleTo = async (session: ArcGISIdentityManager | undefined) =>
      (
        await searchItems({
          q: `id:${id}`,
          ...(session ? { authentication: session } : { portal: emulator.restUrl }),
        })
      ).total

    const org = await setItemAccess({ id, access: "org", authentication: publisher })
    expect(org).toMatchObject({ itemId: id, notSharedWith: [] })
    expect((await getItem(id, { authentication: publisher })).access).toBe("org")
    expect((await getItem(id, { authentication: user })).id).toBe(id)
    expect(await visibleTo(undefined)).toBe(0)

    await setItemAccess({ id, access: "public", authentication: publisher })
    expect((await getItem(id, { portal: emulator.restUrl })).access).toBe("public")
    expect(await visibleTo(undefined)).toBe(1)

    await setItemAccess({ id, access: "private", authentication: publisher })
    expect((await getItem(id, { authentication: publisher })).access).toBe("private")
    expect(await visibleTo(user)).toBe(0)
    const hidden = await failure(() => getItem(id, { authentication: user }))
    expect((hidden as ArcGISRequestError).code).toBe("CONT_0001")
  })

  /** The seeded org group the publisher is a member of (owner: the admin). */
  const fieldOperations = async (): Promise<string> => {
    const me = await publisher.getUser()
    const group = me.groups?.find((candidate) => candidate.title === "Field Operations")
    expect(group?.id).toMatch(/^[0-9a-f]{32}$/)
    return group?.id ?? ""
  }
  const groupsOf = async (id: string) => {
    const groups = await getItemGroups(id, { authentication: publisher })
    return [...(groups.admin ?? []), ...(groups.member ?? []), ...(groups.other ?? [])].map((group) => group.id)
  }

  it("shareItemWithGroup shares to a group the owner belongs to; getItemGroups lists it", async () => {
    const groupId = await fieldOperations()
    const { id } = await createItem({
      item: { title: "Shared Map", type: "Web Map", tags: [tag, "shared"] },
      text: webMapText,
      authentication: publisher,
    })
    const shared = await shareItemWithGroup({ id, groupId, authentication: publisher })
    // `shortcut` would mean rest-js skipped the call because its search said the item was already shared.
    expect(shared).not.toHaveProperty("shortcut")
    expect(shared).toMatchObject({ itemId: id, notSharedWith: [] })
    expect((await getItem(id, { authentication: publisher })).access).toBe("shared")
    const groups = await getItemGroups(id, { authentication: publisher })
    expect(groups.member?.map((group) => group.id)).toEqual([groupId])
    expect(await groupsOf(id)).toEqual([groupId])
    // The viewer is in the group and now sees the item.
    const viewer = await signIn(emulator.accounts.viewer)
    expect((await getItem(id, { authentication: viewer })).id).toBe(id)
  })

  it("rest-js's shared-with-group check (search `id: <id> AND group: <gid>`) finds a shared item", async () => {
    const groupId = await fieldOperations()
    const { id } = await createItem({
      item: { title: "Checked Map", type: "Web Map", tags: [tag, "shared"] },
      text: webMapText,
      authentication: publisher,
    })
    await shareItemWithGroup({ id, groupId, authentication: publisher })
    // The exact query isItemSharedWithGroup sends: a space after each colon.
    const found = await searchItems({ q: `id: ${id} AND group: ${groupId}`, authentication: publisher })
    expect(found.results.map((item) => item.id)).toEqual([id])
    const again = await shareItemWithGroup({ id, groupId, authentication: publisher })
    expect(again).toMatchObject({ itemId: id, shortcut: true })
  })

  it("unshareItemWithGroup stops sharing", async () => {
    const groupId = await fieldOperations()
    const { id } = await createItem({
      item: { title: "Unshared Map", type: "Web Map", tags: [tag, "shared"] },
      text: webMapText,
      authentication: publisher,
    })
    await shareItemWithGroup({ id, groupId, authentication: publisher })
    expect(await groupsOf(id)).toEqual([groupId])

    const unshared = await unshareItemWithGroup({ id, groupId, authentication: publisher })
    // `shortcut` would mean rest-js never called unshare because its search did not find the share.
    expect(unshared).not.toHaveProperty("shortcut")
    expect(unshared).toMatchObject({ itemId: id, notUnsharedFrom: [] })
    expect(await groupsOf(id)).toEqual([])
    expect((await getItem(id, { authentication: publisher })).access).toBe("private")
  })

  it("reassignItem (org admin) gives the item to another user", async () => {
    const { id } = await createItem({
      item: { title: "Reassigned Map", type: "Web Map", tags: [tag, "reassign"] },
      text: webMapText,
      authentication: publisher,
    })
    const result = await reassignItem({
      id,
      currentOwner: "publisher_one",
      targetUsername: "user_one",
      targetFolderName: "Reports",
      authentication: admin,
    })
    expect(result).toEqual({ success: true, itemId: id })
    const item = await getItem(id, { authentication: user })
    expect(item.owner).toBe("user_one")
    const reports = (await getUserContent({ authentication: user })).folders.find((f) => f.title === "Reports")
    expect(item.ownerFolder).toBe(reports?.id)
  })
})

describe("rest-js against the emulator: relationships", () => {
  it("addItemRelationship, getRelatedItems (both directions), removeItemRelationship", async () => {
    const map = await createItem({
      item: { title: "Related Map", type: "Web Map", tags: [tag] },
      text: webMapText,
      authentication: publisher,
    })
    const service = await createItem({
      item: {
        title: "Related Service",
        type: "Feature Service",
        tags: [tag],
        url: "https://services.example.invalid/arcgis/rest/services/Related/FeatureServer",
      },
      authentication: publisher,
    })
    const added = await addItemRelationship({
      originItemId: map.id,
      destinationItemId: service.id,
      relationshipType: "Map2Service",
      authentication: publisher,
    })
    expect(added).toEqual({ success: true })

    const forward = await getRelatedItems({
      id: map.id,
      relationshipType: "Map2Service",
      direction: "forward",
      authentication: publisher,
    })
    expect(forward.total).toBe(1)
    expect(forward.relatedItems.map((item) => item.id)).toEqual([service.id])
    const reverse = await getRelatedItems({
      id: service.id,
      relationshipType: ["Map2Service"],
      direction: "reverse",
      authentication: publisher,
    })
    expect(reverse.relatedItems.map((item) => item.id)).toEqual([map.id])

    const removed = await removeItemRelationship({
      originItemId: map.id,
      destinationItemId: service.id,
      relationshipType: "Map2Service",
      authentication: publisher,
    })
    expect(removed).toEqual({ success: true })
    const none = await getRelatedItems({
      id: map.id,
      relationshipType: "Map2Service",
      direction: "forward",
      authentication: publisher,
    })
    expect(none).toMatchObject({ total: 0, relatedItems: [] })
  })
})

describe("rest-js against the emulator: uploads and jobs", () => {
  const csv = "name,lat,lon\nRiverside,45.5,-122.6\nHilltop,45.6,-122.7\nLakeside,45.4,-122.5\n"

  it("without the FormData bridge, rest-js in Node sends a file upload as the text [object FormData]", async () => {
    let received: { type: string | undefined; body: string } | undefined
    const server = createServer((incoming, outgoing) => {
      const chunks: Array<Buffer> = []
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
      incoming.on("end", () => {
        received = { type: incoming.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") }
        outgoing.setHeader("content-type", "application/json")
        outgoing.end(JSON.stringify({ success: true }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    try {
      const { port } = server.address() as { port: number }
      await request(`http://127.0.0.1:${port}/addItem`, { params: { file: new Blob([csv]), token: "t" } })
    } finally {
      server.close()
    }
    // When this fails, rest-js sends real multipart bodies in Node: drop nativeFormDataFetch.
    expect(received).toEqual({ type: "text/plain;charset=UTF-8", body: "[object FormData]" })
  })

  describe("with the FormData bridge", () => {
    const original = globalThis.fetch
    beforeAll(() => {
      globalThis.fetch = nativeFormDataFetch(original)
    })
    afterAll(() => {
      globalThis.fetch = original
    })

    it("a multipart createItem: addItemPart, getItemStatus (partial), commitItemUpload, then completed", async () => {
      const started = await createItem({
        item: { title: "Uploaded Stations", type: "CSV" },
        multipart: true,
        filename: "stations.csv",
        authentication: publisher,
      })
      expect(started.success).toBe(true)
      const id = started.id
      expect(await getItemStatus({ id, authentication: publisher })).toMatchObject({ status: "partial", itemId: id })

      // Two parts, sent out of order.
      const half = csv.indexOf("Hilltop")
      const second = await addItemPart({
        id,
        partNum: 2,
        file: new Blob([csv.slice(half)], { type: "text/csv" }),
        authentication: publisher,
      })
      expect(second).toMatchObject({ success: true, id })
      await addItemPart({ id, partNum: 1, file: new Blob([csv.slice(0, half)]), authentication: publisher })

      const committed = await commitItemUpload({
        id,
        item: { title: "Uploaded Stations", type: "CSV", tags: [tag, "upload"] },
        authentication: publisher,
      })
      expect(committed).toMatchObject({ success: true, id })
      expect(await settled({ id })).toMatchObject({ status: "completed", itemId: id })

      const item = await getItem(id, { authentication: publisher })
      expect(item).toMatchObject({ title: "Uploaded Stations", type: "CSV", name: "stations.csv" })
      expect(item.tags).toEqual([tag, "upload"])
      expect(item.size).toBe(Buffer.byteLength(csv))
      const data = (await getItemData(id, { authentication: publisher, file: true })) as Blob
      expect(await data.text()).toBe(csv)
    })

    it("publish a CSV, poll getItemStatus, isServiceNameAvailable, exportItem", async () => {
      const name = `Stations_${tag}`
      expect(await isServiceNameAvailable(name, "Feature Service", publisher)).toEqual({ available: true })

      const source = await createItem({
        item: { title: "Stations CSV", type: "CSV", tags: [tag] },
        file: new Blob([csv], { type: "text/csv" }),
        filename: "stations.csv",
        authentication: publisher,
      })
      expect(source.success).toBe(true)
      const published = (await request(`${emulator.restUrl}/content/users/publisher_one/publish`, {
        params: {
          itemId: source.id,
          filetype: "csv",
          publishParameters: {
            name,
            locationType: "coordinates",
            latitudeFieldName: "lat",
            longitudeFieldName: "lon",
          },
        },
        authentication: publisher,
      })) as { services: Array<{ type: string; serviceurl: string; jobId: string; serviceItemId: string }> }
      expect(published.services).toHaveLength(1)
      const [service] = published.services
      expect(service?.type).toBe("Feature Service")
      const serviceItemId = service?.serviceItemId ?? ""
      expect(await settled({ id: serviceItemId, jobId: service?.jobId ?? "", jobType: "publish" })).toMatchObject({
        status: "completed",
        itemId: serviceItemId,
      })
      const serviceItem = await getItem(serviceItemId, { authentication: publisher })
      expect(serviceItem).toMatchObject({ type: "Feature Service", owner: "publisher_one", url: service?.serviceurl })
      expect(await isServiceNameAvailable(name, "Feature Service", publisher)).toEqual({ available: false })

      const exported = await exportItem({
        id: serviceItemId,
        exportFormat: "CSV",
        exportParameters: { layers: [{ id: 0 }] },
        title: `Stations export ${tag}`,
        authentication: publisher,
      })
      expect(exported).toMatchObject({ type: "CSV", serviceItemId, exportFormat: "CSV" })
      expect(exported.exportItemId).toMatch(/^[0-9a-f]{32}$/)
      expect(await settled({ id: exported.exportItemId, jobId: exported.jobId, jobType: "export" })).toMatchObject({
        status: "completed",
        itemId: exported.exportItemId,
      })
      const exportedItem = await getItem(exported.exportItemId, { authentication: publisher })
      expect(exportedItem).toMatchObject({ type: "CSV", title: `Stations export ${tag}`, owner: "publisher_one" })
      const found = await searchItems({ q: `title:"Stations export ${tag}"`, authentication: publisher })
      expect(found.results.map((item) => item.id)).toEqual([exported.exportItemId])
    })
  })
})

describe("rest-js against the emulator: content errors carry the emulator's codes", () => {
  it("getItem of a missing id is an ArcGISRequestError with code CONT_0001", async () => {
    const missing = "0123456789abcdef0123456789abcdef"
    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw(`content/items/${missing}`, { token })
    expect(answered.error).toMatchObject({ code: 400, messageCode: "CONT_0001" })
    const error = await failure(() => getItem(missing, { authentication: publisher }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe("CONT_0001")
    expect((error as ArcGISRequestError).originalMessage).toBe("Item does not exist or is inaccessible.")
    expect((error as ArcGISRequestError).response).toEqual(answered)
  })

  it("updateItem of another user's item is refused with 403 / GWM_0003", async () => {
    const { id } = await createItem({
      item: { title: "Not Yours", type: "Web Map", tags: [tag] },
      text: webMapText,
      authentication: publisher,
    })
    await setItemAccess({ id, access: "org", authentication: publisher })
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw(`content/users/publisher_one/items/${id}/update`, { token, title: "Mine now" })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    const error = await failure(() =>
      updateItem({ item: { id, owner: "publisher_one", title: "Mine now" }, authentication: user }),
    )
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe("GWM_0003")
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect((await getItem(id, { authentication: publisher })).title).toBe("Not Yours")
  })

  it("createFolder with a title the user already has is refused with the emulator's code", async () => {
    const title = `Twice ${tag}`
    await createFolder({ title, authentication: publisher })
    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw("content/users/publisher_one/createFolder", { token, title: title.toUpperCase() })
    expect(answered.error?.code).toBe(400)
    const error = await failure(() => createFolder({ title, authentication: publisher }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect((error as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((error as ArcGISRequestError).originalMessage).toBe(answered.error?.message)
    const folders = (await getUserContent({ authentication: publisher })).folders
    expect(folders.filter((folder) => folder.title.toLowerCase() === title.toLowerCase())).toHaveLength(1)
  })
})
