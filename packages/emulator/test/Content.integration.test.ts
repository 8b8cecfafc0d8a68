import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let publisher = ""
let user = ""
let viewer = ""

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 50 })
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  publisher = await api.signIn(emulator.accounts.publisher)
  user = await api.signIn(emulator.accounts.user)
  viewer = await api.signIn(emulator.accounts.viewer)
})
afterAll(async () => {
  await emulator.stop()
})

const addText = async (title: string, token = publisher, extra: Record<string, string> = {}) =>
  api.json("content/users/publisher_one/addItem", {
    params: { title, type: "Web Map", text: '{"operationalLayers":[]}', tags: "a,b", ...extra },
    token,
  })

const groupsOf = async (token: string) =>
  (await api.json("community/self", { token })).groups as Array<{ id: string; title: string }>

describe("addItem and reading items", () => {
  it("adds a text item, private, owned, in the root folder; reads it back with its data", async () => {
    const added = await addText("Text map", publisher, { snippet: "s", extent: "-10,-5,10,5", properties: '{"k":1}' })
    expect(added).toMatchObject({ success: true, folder: null })
    expect(added.id).toMatch(/^[0-9a-f]{32}$/)
    const item = await api.json(`content/items/${added.id}`, { method: "GET", token: publisher })
    expect(item).toMatchObject({
      id: added.id,
      owner: "publisher_one",
      title: "Text map",
      type: "Web Map",
      access: "private",
      tags: ["a", "b"],
      snippet: "s",
      properties: { k: 1 },
    })
    expect(item.extent).toEqual([
      [-10, -5],
      [10, 5],
    ])
    expect(item.typeKeywords).toContain("Web Map")
    const data = await api.call(`content/items/${added.id}/data`, { method: "GET", token: publisher })
    expect(await data.text()).toBe('{"operationalLayers":[]}')
  })

  it("adds a file item through multipart; the bytes come back identical", async () => {
    const bytes = new Uint8Array(300_000).map((_, index) => (index * 7) % 256)
    const added = await api.json("content/users/publisher_one/addItem", {
      params: { title: "Bytes", type: "Code Attachment" },
      files: { file: [new Blob([bytes]), "blob.zip"] },
      token: publisher,
    })
    const item = await api.json(`content/items/${added.id}`, { token: publisher })
    expect([item.name, item.size]).toEqual(["blob.zip", 300_000])
    const data = await api.call(`content/items/${added.id}/data`, { method: "GET", token: publisher })
    expect(data.headers.get("content-disposition")).toContain("blob.zip")
    expect(new Uint8Array(await data.arrayBuffer())).toEqual(bytes)
  })

  it("refuses bad input with portal-style errors and writes nothing", async () => {
    const before = (await api.json("content/users/publisher_one", { token: publisher, params: { num: "100" } })).total
    expect(
      (await api.json("content/users/publisher_one/addItem", { params: { title: "no type" }, token: publisher })).error
        .message,
    ).toBe("'type' and 'title' property required.")
    expect((await addText("x".repeat(300))).error.code).toBe(400)
    expect((await addText("bad extent", publisher, { extent: "1,2,3" })).error.code).toBe(400)
    expect((await addText("bad props", publisher, { properties: "{oops" })).error.code).toBe(400)
    expect((await addText("bad id", publisher, { itemIdToCreate: "XYZ" })).error.code).toBe(400)
    expect(
      (
        await addText("both", publisher, {
          originItemId: "0".repeat(32),
          destinationItemId: "1".repeat(32),
          relationshipTypes: "Map2Service",
        })
      ).error.code,
    ).toBe(400)
    expect(
      (await addText("missing related", publisher, { originItemId: "0".repeat(32), relationshipTypes: "Map2Service" }))
        .error.code,
    ).toBe(400)
    const after = (await api.json("content/users/publisher_one", { token: publisher, params: { num: "100" } })).total
    expect(after).toBe(before)
  })

  it("another user may not add to, read privately, or change someone's content", async () => {
    const added = await addText("Private map")
    expect(
      (
        await api.json("content/users/publisher_one/addItem", {
          params: { title: "t", type: "Web Map", text: "{}" },
          token: user,
        })
      ).error.code,
    ).toBe(403)
    expect((await api.json(`content/items/${added.id}`, { token: user })).error).toMatchObject({
      code: 400,
      messageCode: "CONT_0001",
    })
    expect((await api.json(`content/items/${added.id}`)).error.messageCode).toBe("CONT_0001")
    expect(
      (
        await api.json(`content/users/publisher_one/items/${added.id}/update`, {
          params: { title: "hijack" },
          token: user,
        })
      ).error.code,
    ).toBe(403)
    expect((await api.json(`content/users/publisher_one/items/${added.id}/delete`, { token: user })).error.code).toBe(
      403,
    )
    expect((await api.json(`content/items/${added.id}`, { token: admin })).title).toBe("Private map")
  })

  it("itemIdToCreate, thumbnail and metadata", async () => {
    const id = "abcdef0123456789abcdef0123456789"
    const png = new Uint8Array([137, 80, 78, 71, 1, 2, 3])
    const added = await api.json("content/users/publisher_one/addItem", {
      params: { title: "With files", type: "Web Map", text: "{}", itemIdToCreate: id },
      files: { thumbnail: [new Blob([png]), "thumb.png"], metadata: [new Blob(["<metadata/>"]), "metadata.xml"] },
      token: publisher,
    })
    expect(added.id).toBe(id)
    const item = await api.json(`content/items/${id}`, { token: publisher })
    expect(item.thumbnail).toBe("thumbnail/thumb.png")
    expect(item.typeKeywords).toContain("Metadata")
    const thumb = await api.call(`content/items/${id}/info/${item.thumbnail}`, { method: "GET", token: publisher })
    expect(new Uint8Array(await thumb.arrayBuffer())).toEqual(png)
    expect(
      await (
        await api.call(`content/items/${id}/info/metadata/metadata.xml`, { method: "GET", token: publisher })
      ).text(),
    ).toBe("<metadata/>")
    expect(
      (
        await api.call(`content/items/${id}/info/metadata%2F..%2F..%2F..%2Fportal.sqlite`, {
          method: "GET",
          token: publisher,
        })
      ).status,
    ).toBe(404)
    expect((await addText("dup", publisher, { itemIdToCreate: id })).error.code).toBe(400)
  })

  it("a relationship made on add links the items and shares like the origin", async () => {
    const origin = await addText("Origin map")
    const child = await addText("Child", publisher, { originItemId: origin.id, relationshipTypes: "Map2Service" })
    expect(child.success).toBe(true)
  })

  it("async add reports processing, then completed", async () => {
    const added = await addText("Async", publisher, { async: "true" })
    expect(added.status).toBe("processing")
    const status = async () =>
      (await api.json(`content/users/publisher_one/items/${added.itemId}/status`, { method: "GET", token: publisher }))
        .status
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(await status()).toBe("completed")
  })
})

describe("update, move, protect, delete, reassign, folders", () => {
  it("updates only the given fields; clearEmptyFields blanks empty ones; data replaced", async () => {
    const added = await addText("Before", publisher, { snippet: "keep", description: "gone" })
    const path = `content/users/publisher_one/items/${added.id}/update`
    expect(
      await api.json(path, {
        params: { title: "After", description: "", clearEmptyFields: "true", text: '{"v":2}' },
        token: publisher,
      }),
    ).toEqual({ success: true, id: added.id })
    const item = await api.json(`content/items/${added.id}`, { token: publisher })
    expect([item.title, item.snippet, item.description]).toEqual(["After", "keep", null])
    expect(await (await api.call(`content/items/${added.id}/data`, { method: "GET", token: publisher })).text()).toBe(
      '{"v":2}',
    )
  })

  it("folders: create (unique, case-insensitive), move items in and out, rename, delete with contents", async () => {
    const created = await api.json("content/users/publisher_one/createFolder", {
      params: { title: "Projects" },
      token: publisher,
    })
    expect(created.folder).toMatchObject({ username: "publisher_one", title: "Projects" })
    expect(
      (await api.json("content/users/publisher_one/createFolder", { params: { title: "projects" }, token: publisher }))
        .error.details,
    ).toEqual(["Folder title 'projects' not available."])
    const added = await addText("Movable")
    const moved = await api.json(`content/users/publisher_one/items/${added.id}/move`, {
      params: { folder: created.folder.id },
      token: publisher,
    })
    expect(moved).toEqual({ success: true, itemId: added.id, owner: "publisher_one", folder: created.folder.id })
    expect((await api.json(`content/items/${added.id}`, { token: publisher })).ownerFolder).toBe(created.folder.id)
    const listing = await api.json(`content/users/publisher_one/${created.folder.id}`, { token: publisher })
    expect(listing.items.map((item: { id: string }) => item.id)).toEqual([added.id])
    expect(
      await api.json(`content/users/publisher_one/${created.folder.id}/updateFolder`, {
        params: { newTitle: "Renamed" },
        token: publisher,
      }),
    ).toEqual({ success: true })
    const deleted = await api.json(`content/users/publisher_one/${created.folder.id}/delete`, { token: publisher })
    expect(deleted.success).toBe(true)
    expect((await api.json(`content/items/${added.id}`, { token: publisher })).error.messageCode).toBe("CONT_0001")
  })

  it("delete protection refuses delete until unprotected", async () => {
    const added = await addText("Protected")
    const base = `content/users/publisher_one/items/${added.id}`
    expect(await api.json(`${base}/protect`, { token: publisher })).toEqual({ success: true })
    expect((await api.json(`${base}/delete`, { token: publisher })).error.code).toBe(400)
    expect((await api.json(`content/items/${added.id}`, { token: publisher })).protected).toBe(true)
    await api.json(`${base}/unprotect`, { token: publisher })
    expect(await api.json(`${base}/delete`, { token: publisher })).toEqual({ success: true, itemId: added.id })
  })

  it("reassign is for administrators; the item moves to the target's folder", async () => {
    const added = await addText("Reassign me")
    const path = `content/users/publisher_one/items/${added.id}/reassign`
    expect((await api.json(path, { params: { targetUsername: "user_one" }, token: publisher })).error.code).toBe(403)
    expect(
      await api.json(path, { params: { targetUsername: "user_one", targetFolderName: "Inbox" }, token: admin }),
    ).toEqual({ success: true, itemId: added.id })
    const item = await api.json(`content/items/${added.id}`, { token: user })
    expect(item.owner).toBe("user_one")
    expect(item.ownerFolder).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe("sharing and visibility", () => {
  it("shares with org, a group, everyone; visibility follows; unshare reports what it could not undo", async () => {
    const added = await addText("Shared map")
    const groups = await groupsOf(publisher)
    const fieldOps = groups.find((group) => group.title === "Field Operations")!
    const notMine = "0".repeat(32)
    const base = `content/users/publisher_one/items/${added.id}`
    expect((await api.json(`content/items/${added.id}`, { token: viewer })).error).toBeDefined()
    const shared = await api.json(`${base}/share`, {
      params: { everyone: "false", org: "false", groups: `${fieldOps.id},${notMine}` },
      token: publisher,
    })
    expect(shared).toEqual({ notSharedWith: [notMine], itemId: added.id })
    expect((await api.json(`content/items/${added.id}`, { token: viewer })).access).toBe("shared")
    expect((await api.json(`content/items/${added.id}`, { token: user })).error).toBeDefined()
    await api.json(`${base}/share`, { params: { everyone: "false", org: "true" }, token: publisher })
    expect((await api.json(`content/items/${added.id}`, { token: user })).access).toBe("org")
    expect((await api.json(`content/items/${added.id}`)).error).toBeDefined()
    await api.json(`${base}/share`, { params: { everyone: "true" }, token: publisher })
    expect((await api.json(`content/items/${added.id}`)).access).toBe("public")
    expect(
      (await api.json(`content/items/${added.id}/groups`, { token: publisher })).member.map(
        (g: { id: string }) => g.id,
      ),
    ).toEqual([fieldOps.id])
    const unshared = await api.json(`${base}/unshare`, {
      params: { groups: `${fieldOps.id},${notMine}` },
      token: publisher,
    })
    expect(unshared).toEqual({ notUnsharedFrom: [notMine], itemId: added.id })
    await api.json(`${base}/share`, { params: { everyone: "false", org: "false" }, token: publisher })
    expect((await api.json(`content/items/${added.id}`, { token: publisher })).access).toBe("private")
  })

  it("a viewer cannot share to everyone (no privilege); a non-member group is refused", async () => {
    const added = await addText("Guarded")
    const base = `content/users/publisher_one/items/${added.id}`
    expect((await api.json(`${base}/share`, { params: { everyone: "true" }, token: user })).error.code).toBe(403)
    const groups = await groupsOf(user)
    const projectTeam = groups.find((group) => group.title === "Project Team")!
    const publicMaps = groups.find((group) => group.title === "Public Maps")!
    const result = await api.json(`${base}/share`, {
      params: { groups: `${projectTeam.id},${publicMaps.id}` },
      token: publisher,
    })
    expect(result.notSharedWith).toEqual([])
  })

  it("bulk shareItems / unshareItems / moveItems / deleteItems report per item", async () => {
    const a = await addText("Bulk A")
    const b = await addText("Bulk B")
    const ghost = "f".repeat(32)
    const groups = await groupsOf(publisher)
    const group = groups[0]!
    const shared = await api.json("content/users/publisher_one/shareItems", {
      params: { items: `${a.id},${b.id},${ghost}`, groups: group.id, org: "true" },
      token: publisher,
    })
    expect(shared.results).toEqual([
      { itemId: a.id, success: true, notSharedWith: [] },
      { itemId: b.id, success: true, notSharedWith: [] },
      { itemId: ghost, success: false, error: { code: 500, message: "Item does not exist or is inaccessible" } },
    ])
    const unshared = await api.json("content/users/publisher_one/unshareItems", {
      params: { items: `${a.id}`, groups: group.id },
      token: publisher,
    })
    expect(unshared.results[0]).toMatchObject({ itemId: a.id, success: true, notUnsharedFrom: [] })
    const folder = await api.json("content/users/publisher_one/createFolder", {
      params: { title: "Bulk" },
      token: publisher,
    })
    const moved = await api.json("content/users/publisher_one/moveItems", {
      params: { items: `${a.id},${b.id}`, folder: folder.folder.id },
      token: publisher,
    })
    expect(moved.results.every((r: { success: boolean }) => r.success)).toBe(true)
    const deleted = await api.json("content/users/publisher_one/deleteItems", {
      params: { items: `${a.id},${b.id}` },
      token: publisher,
    })
    expect(deleted.results).toEqual([
      { itemId: a.id, success: true },
      { itemId: b.id, success: true },
    ])
  })
})

describe("multipart upload", () => {
  it("addItem multipart → addPart (any order, re-send overwrites) → parts → commit: bytes equal, one item", async () => {
    const total = 2_500_000
    const bytes = new Uint8Array(total).map((_, index) => (index * 13) % 251)
    const started = await api.json("content/users/publisher_one/addItem", {
      params: { multipart: "true", filename: "big.bin" },
      token: publisher,
    })
    expect(started.success).toBe(true)
    const id = started.id as string
    const base = `content/users/publisher_one/items/${id}`
    expect((await api.json(`${base}/status`, { method: "GET", token: publisher })).status).toBe("partial")
    const size = 1_000_000
    const parts = [3, 1, 2]
    for (const part of parts) {
      const slice = bytes.slice((part - 1) * size, part * size)
      const response = await api.json(`${base}/addPart`, {
        query: { partNum: String(part) },
        files: { file: [new Blob([slice]), "part"] },
        token: publisher,
      })
      expect(response).toEqual({ success: true, id })
    }
    await api.json(`${base}/addPart`, {
      query: { partNum: "2" },
      files: { file: [new Blob([bytes.slice(size, 2 * size)]), "part"] },
      token: publisher,
    })
    expect(await api.json(`${base}/parts`, { method: "GET", token: publisher })).toEqual({ parts: [1, 2, 3] })
    expect(
      (
        await api.json(`${base}/addPart`, {
          query: { partNum: "10001" },
          files: { file: [new Blob(["x"]), "part"] },
          token: publisher,
        })
      ).error.code,
    ).toBe(400)
    expect(
      await api.json(`${base}/commit`, {
        params: { title: "Big upload", type: "Code Attachment", tags: "big" },
        token: publisher,
      }),
    ).toEqual({ success: true, id })
    // Commit is asynchronous, like the portal's: processing, then completed.
    expect((await api.json(`${base}/commit`, { token: publisher })).error.code).toBe(400)
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await api.json(`${base}/status`, { method: "GET", token: publisher })).status !== "processing") break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const item = await api.json(`content/items/${id}`, { token: publisher })
    expect([item.title, item.size, item.name]).toEqual(["Big upload", total, "big.bin"])
    const data = new Uint8Array(
      await (await api.call(`content/items/${id}/data`, { method: "GET", token: publisher })).arrayBuffer(),
    )
    expect(data).toEqual(bytes)
    expect((await api.json(`${base}/status`, { method: "GET", token: publisher })).status).toBe("completed")
    expect((await api.json(`${base}/commit`, { token: publisher })).error.code).toBe(400)
  })

  it("commit with a missing part is refused; cancel removes an unfinished upload", async () => {
    const started = await api.json("content/users/publisher_one/addItem", {
      params: { multipart: "true", filename: "gap.bin", title: "Gap", type: "Code Attachment" },
      token: publisher,
    })
    const base = `content/users/publisher_one/items/${started.id}`
    await api.json(`${base}/addPart`, {
      query: { partNum: "2" },
      files: { file: [new Blob(["b"]), "p"] },
      token: publisher,
    })
    expect((await api.json(`${base}/commit`, { token: publisher })).error.details).toEqual(["Parts are missing."])
    expect(await api.json(`${base}/cancel`, { token: publisher })).toEqual({ success: true })
    expect((await api.json(`content/items/${started.id}`, { token: publisher })).error.messageCode).toBe("CONT_0001")
  })
})
