/**
 * Esri's own client (`@esri/arcgis-rest-portal`) driving the emulator's item resources (rest-api.md §5): add
 * (text and files, with a prefix, private), list, read (json, text, blob), update and remove (one and all). Each
 * call must succeed as rest-js sends it, and the change must be visible when read back; failures must reach
 * rest-js with what the emulator answers to plain `fetch`.
 */
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import {
  addItemResource,
  createItem,
  getItem,
  getItemResource,
  getItemResources,
  removeItemResource,
  setItemAccess,
  updateItemResource,
} from "@esri/arcgis-rest-portal"
import { ArcGISAuthError, ArcGISIdentityManager, ArcGISRequestError } from "@esri/arcgis-rest-request"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nativeFormDataFetch } from "../src/nativeFormDataFetch.ts"

let emulator: EmulatorHandle
let publisher: ArcGISIdentityManager
let user: ArcGISIdentityManager

const signIn = (account: { username: string; password: string }) =>
  ArcGISIdentityManager.signIn({ username: account.username, password: account.password, portal: emulator.restUrl })

const original = globalThis.fetch

beforeAll(async () => {
  globalThis.fetch = nativeFormDataFetch(original)
  emulator = await startEmulator()
  ;[publisher, user] = await Promise.all([signIn(emulator.accounts.publisher), signIn(emulator.accounts.user)])
})
afterAll(async () => {
  globalThis.fetch = original
  await emulator?.stop()
})

interface Envelope {
  error?: { code: number; messageCode?: string; message: string; details: Array<string> }
}

/** What the emulator itself answers for the same call, read with plain fetch. */
const raw = async (path: string, params: Record<string, string>): Promise<Envelope> => {
  const response = await original(`${emulator.restUrl}/${path}`, {
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

const tag = `conformance${Date.now().toString(36)}`

const webMapText = JSON.stringify({ operationalLayers: [], baseMap: { title: "Topo", baseMapLayers: [] } })

/** A fresh Web Map owned by the publisher (Web Maps take resources). */
const newMap = async (title = "Resource Map") =>
  (
    await createItem({
      item: { title: `${title} ${tag}`, type: "Web Map", tags: [tag] },
      text: webMapText,
      authentication: publisher,
    })
  ).id

const listed = async (id: string, session: ArcGISIdentityManager = publisher) =>
  (await getItemResources(id, { authentication: session })).resources ?? []

/** The bytes of a 1×1 PNG. */
const png = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (char) => char.charCodeAt(0),
)

describe("rest-js against the emulator: item resources", () => {
  it("addItemResource with text content, at the root and under a prefix; getItemResources lists them", async () => {
    const id = await newMap()
    const config = { theme: "dark", widgets: ["legend", "search"] }
    const added = await addItemResource({
      id,
      name: "config.json",
      content: JSON.stringify(config),
      authentication: publisher,
    })
    expect(added).toMatchObject({ success: true, itemId: id, owner: "publisher_one" })
    expect(added.folder ?? null).toBeNull()
    const nested = await addItemResource({
      id,
      name: "notes.txt",
      prefix: "docs/2024",
      content: "field notes",
      authentication: publisher,
    })
    expect(nested).toMatchObject({ success: true, itemId: id })

    const list = await getItemResources(id, { authentication: publisher })
    expect(list).toMatchObject({ total: 2, start: 1, num: 2, nextStart: -1 })
    expect(list.resources).toEqual([
      {
        resource: "config.json",
        size: Buffer.byteLength(JSON.stringify(config)),
        access: "inherit",
        created: expect.any(Number),
      },
      { resource: "docs/2024/notes.txt", size: 11, access: "inherit", created: expect.any(Number) },
    ])

    // getItemResource reads them back: json, text, and a Blob by default.
    expect(await getItemResource(id, { fileName: "config.json", readAs: "json", authentication: publisher })).toEqual(
      config,
    )
    expect(
      await getItemResource(id, { fileName: "docs/2024/notes.txt", readAs: "text", authentication: publisher }),
    ).toBe("field notes")
    const blob = (await getItemResource(id, { fileName: "config.json", authentication: publisher })) as Blob
    expect(blob).toBeInstanceOf(Blob)
    expect(blob.type).toMatch(/^application\/json/)
    expect(JSON.parse(await blob.text())).toEqual(config)
  })

  it("addItemResource uploads files (multipart): renamed with `name`, under a prefix; the item's size grows", async () => {
    const id = await newMap()
    const sizeBefore = (await getItem(id, { authentication: publisher })).size
    const added = await addItemResource({
      id,
      resource: new Blob([png], { type: "image/png" }),
      name: "banner.png",
      prefix: "images",
      authentication: publisher,
    })
    expect(added).toMatchObject({ success: true, itemId: id, owner: "publisher_one" })
    await addItemResource({
      id,
      resource: new File(["<svg xmlns='http://www.w3.org/2000/svg'/>"], "logo.svg", { type: "image/svg+xml" }),
      authentication: publisher,
    })

    expect((await listed(id)).map((entry) => [entry.resource, entry.size])).toEqual([
      ["images/banner.png", png.byteLength],
      ["logo.svg", Buffer.byteLength("<svg xmlns='http://www.w3.org/2000/svg'/>")],
    ])
    const image = (await getItemResource(id, { fileName: "images/banner.png", authentication: publisher })) as Blob
    expect(image.type).toBe("image/png")
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png)
    const sizeAfter = (await getItem(id, { authentication: publisher })).size
    expect(sizeAfter).toBe(sizeBefore + png.byteLength + Buffer.byteLength("<svg xmlns='http://www.w3.org/2000/svg'/>"))
  })

  it("updateItemResource replaces content (text and file); the new size is listed", async () => {
    const id = await newMap()
    await addItemResource({ id, name: "settings.json", content: JSON.stringify({ v: 1 }), authentication: publisher })
    await addItemResource({ id, name: "notes.txt", prefix: "docs", content: "first", authentication: publisher })

    const updated = await updateItemResource({
      id,
      name: "settings.json",
      content: JSON.stringify({ v: 2, extra: true }),
      authentication: publisher,
    })
    expect(updated).toMatchObject({ success: true, itemId: id, owner: "publisher_one" })
    expect(await getItemResource(id, { fileName: "settings.json", readAs: "json", authentication: publisher })).toEqual(
      { v: 2, extra: true },
    )

    // A local file replaces a resource of another name through `name` (the `fileName` parameter).
    await updateItemResource({
      id,
      resource: new File(["second version"], "local-copy.txt", { type: "text/plain" }),
      name: "notes.txt",
      prefix: "docs",
      authentication: publisher,
    })
    expect(await getItemResource(id, { fileName: "docs/notes.txt", readAs: "text", authentication: publisher })).toBe(
      "second version",
    )
    expect((await listed(id)).map((entry) => [entry.resource, entry.size])).toEqual([
      ["docs/notes.txt", Buffer.byteLength("second version")],
      ["settings.json", Buffer.byteLength(JSON.stringify({ v: 2, extra: true }))],
    ])
  })

  it("private resources are listed and readable only by the owner; inherited ones follow the item", async () => {
    const id = await newMap()
    await setItemAccess({ id, access: "org", authentication: publisher })
    await addItemResource({ id, name: "shared.json", content: "{}", authentication: publisher })
    await addItemResource({ id, name: "secret.json", content: '{"key":1}', private: true, authentication: publisher })

    expect((await listed(id)).map((entry) => [entry.resource, entry.access])).toEqual([
      ["secret.json", "private"],
      ["shared.json", "inherit"],
    ])
    // Another org member sees the inherited resource only, without `access`.
    const seen = await listed(id, user)
    expect(seen.map((entry) => entry.resource)).toEqual(["shared.json"])
    expect(seen[0]).not.toHaveProperty("access")
    expect(await getItemResource(id, { fileName: "shared.json", readAs: "json", authentication: user })).toEqual({})
    const hidden = await failure(() => getItemResource(id, { fileName: "secret.json", authentication: user }))
    expect(hidden).toBeInstanceOf(ArcGISRequestError)
    expect((hidden as ArcGISRequestError).code).toBe("HTTP 404 Not Found")
    expect(await getItemResource(id, { fileName: "secret.json", readAs: "json", authentication: publisher })).toEqual({
      key: 1,
    })

    // updateItemResource with `private: false` makes it inherit the item's access.
    await updateItemResource({
      id,
      name: "secret.json",
      content: '{"key":2}',
      private: false,
      authentication: publisher,
    })
    expect(await getItemResource(id, { fileName: "secret.json", readAs: "json", authentication: user })).toEqual({
      key: 2,
    })
  })

  it("removeItemResource removes one resource, then all with deleteAll", async () => {
    const id = await newMap()
    await addItemResource({ id, name: "a.json", content: "{}", authentication: publisher })
    await addItemResource({ id, name: "b.json", content: "{}", authentication: publisher })
    await addItemResource({ id, name: "c.txt", prefix: "text", content: "c", authentication: publisher })
    expect((await listed(id)).map((entry) => entry.resource)).toEqual(["a.json", "b.json", "text/c.txt"])

    const one = await removeItemResource({ id, resource: "text/c.txt", authentication: publisher })
    expect(one).toEqual({ success: true })
    expect((await listed(id)).map((entry) => entry.resource)).toEqual(["a.json", "b.json"])
    const gone = await failure(() => getItemResource(id, { fileName: "text/c.txt", authentication: publisher }))
    expect((gone as ArcGISRequestError).code).toBe("HTTP 404 Not Found")

    const all = await removeItemResource({ id, deleteAll: true, authentication: publisher })
    expect(all).toEqual({ success: true })
    expect(await getItemResources(id, { authentication: publisher })).toMatchObject({ total: 0, resources: [] })
    expect((await getItem(id, { authentication: publisher })).size).toBe(Buffer.byteLength(webMapText))
  })
})

describe("rest-js against the emulator: resource errors carry the emulator's codes", () => {
  it("getItemResource of a missing file: HTTP 404, and rest-js keeps the emulator's envelope", async () => {
    const id = await newMap()
    const token = await publisher.getToken(emulator.restUrl)
    const answer = await original(`${emulator.restUrl}/content/items/${id}/resources/missing.json`, {
      method: "POST",
      body: new URLSearchParams({ token }),
    })
    expect(answer.status).toBe(404)
    const envelope = (await answer.json()) as Envelope
    expect(envelope.error).toMatchObject({ code: 404, message: "Resource does not exist or is inaccessible." })
    const error = await failure(() => getItemResource(id, { fileName: "missing.json", authentication: publisher }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect((error as ArcGISRequestError).code).toBe(`HTTP 404 ${answer.statusText}`)
    // For a non-2xx answer rest-js formats the message as `${message}. ${details}`.
    expect((error as ArcGISRequestError).originalMessage).toBe(`${envelope.error?.message}.`)
    expect((error as ArcGISRequestError).response).toEqual(envelope)
  })

  it("updateItemResource and removeItemResource of a missing resource: code 404", async () => {
    const id = await newMap()
    const token = await publisher.getToken(emulator.restUrl)
    const path = `content/users/publisher_one/items/${id}`
    const updateAnswer = await raw(`${path}/updateResources`, { token, fileName: "none.json", text: "{}" })
    expect(updateAnswer.error).toMatchObject({ code: 404, message: "Resource does not exist or is inaccessible." })
    const updateError = await failure(() =>
      updateItemResource({ id, name: "none.json", content: "{}", authentication: publisher }),
    )
    expect(updateError).toBeInstanceOf(ArcGISRequestError)
    expect((updateError as ArcGISRequestError).code).toBe(404)
    expect((updateError as ArcGISRequestError).response).toEqual(updateAnswer)

    const removeAnswer = await raw(`${path}/removeResources`, { token, resource: "none.json" })
    expect(removeAnswer.error?.code).toBe(404)
    const removeError = await failure(() =>
      removeItemResource({ id, resource: "none.json", authentication: publisher }),
    )
    expect((removeError as ArcGISRequestError).code).toBe(404)
    expect((removeError as ArcGISRequestError).response).toEqual(removeAnswer)
    expect(await listed(id)).toEqual([])
  })

  it("addItemResource of a disallowed file type: CONT_0093", async () => {
    const id = await newMap()
    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw(`content/users/publisher_one/items/${id}/addResources`, {
      token,
      fileName: "tool.exe",
      text: "MZ",
    })
    expect(answered.error).toMatchObject({ code: 400, messageCode: "CONT_0093" })
    const error = await failure(() =>
      addItemResource({ id, name: "tool.exe", content: "MZ", authentication: publisher }),
    )
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect((error as ArcGISRequestError).code).toBe("CONT_0093")
    expect((error as ArcGISRequestError).originalMessage).toBe("File type not allowed for addResources")
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect(await listed(id)).toEqual([])
  })

  it("addItemResource on another user's item is refused with 403 / GWM_0003", async () => {
    const id = await newMap()
    await setItemAccess({ id, access: "org", authentication: publisher })
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw(`content/users/publisher_one/items/${id}/addResources`, {
      token,
      fileName: "mine.json",
      text: "{}",
    })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    const error = await failure(() =>
      addItemResource({ id, owner: "publisher_one", name: "mine.json", content: "{}", authentication: user }),
    )
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe("GWM_0003")
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect(await listed(id)).toEqual([])
  })
})
