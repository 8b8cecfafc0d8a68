/**
 * `signal` on the long calls of the Promise face, against a scripted portal that counts what it is sent: an aborted
 * call stops sending (no further page, part or status poll), aborts the request in flight, and rejects with
 * `AbortError` carrying the signal's reason; an already-aborted signal sends nothing at all.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GIS as ContentGIS } from "../src/content/index.ts"
import { AbortError, GIS, InvalidInput } from "../src/index.ts"
import { GIS as NodeGIS } from "../src/node/index.ts"

const url = "https://portal.example.com/portal"
const itemId = "0123456789abcdef0123456789abcdef"
const self = { id: "org1", name: "Example", isPortal: true, user: { username: "jsmith" } }
const item = { id: itemId, owner: "jsmith", title: "Parks", type: "CSV", access: "private", name: "parks.csv" }

const resultOf = (index: number) => ({ ...item, id: index.toString(16).padStart(32, "0"), title: `Item ${index}` })

/** A search answer: page `start` (1-based) of `total` results, `num` per page. */
const page = (request: ScriptedFetch.Recorded, total: number) => {
  const start = Number(request.url.searchParams.get("start") ?? request.body.start ?? 1)
  const num = Number(request.url.searchParams.get("num") ?? request.body.num ?? 10)
  const results = Array.from({ length: Math.max(0, Math.min(num, total - start + 1)) }, (_, i) => resultOf(start + i))
  const next = start + results.length
  return { json: { total, start, num, nextStart: next > total ? -1 : next, results } }
}

type Script = (
  route: string,
  request: ScriptedFetch.Recorded,
) => ScriptedFetch.Reply | Promise<ScriptedFetch.Reply> | undefined

const scripted = (script: Script) =>
  ScriptedFetch.make(async (request) => {
    const route = ScriptedFetch.route(request)
    const reply = await script(route, request)
    if (reply !== undefined) return reply
    if (route === "portals/self") return { json: self }
    if (route === `content/items/${itemId}`) return { json: item }
    return { status: 404, json: { error: { code: 404, message: "Not scripted.", details: [] } } }
  })

const connect = async (script: Script) => {
  const portal = scripted(script)
  const gis = await GIS.connect({ url, token: "scripted-token-value", fetch: portal.fetch, retry: RetryPolicy.none })
  return { gis, requests: portal.requests }
}

const routes = (requests: ReadonlyArray<ScriptedFetch.Recorded>, pattern: RegExp) =>
  requests.filter((request) => pattern.test(ScriptedFetch.route(request)))

/** Resolves when `condition` holds (checked every few milliseconds), so a test can act while a request hangs. */
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error("the condition never held")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const settle = <A>(promise: Promise<A>) =>
  promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  )

describe("searchAll with a signal", () => {
  it("aborted between pages: the loop throws AbortError and no further page is requested", async () => {
    const { gis, requests } = await connect((route, request) => (route === "search" ? page(request, 9) : undefined))
    const controller = new AbortController()
    const seen: Array<string> = []
    const error = await (async () => {
      for await (const found of gis.content.searchAll("parks", { pageSize: 2, signal: controller.signal })) {
        seen.push(found.title)
        if (seen.length === 3) controller.abort()
      }
    })().catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(seen).toEqual(["Item 1", "Item 2", "Item 3"])
    const pages = routes(requests, /^search$/).length
    expect(pages).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(routes(requests, /^search$/).length).toBe(pages)
    await gis.close()
  })

  it("aborted while a page is in flight: that request is aborted, the loop throws at once, nothing more is sent", async () => {
    const { gis, requests } = await connect((route, request) =>
      route === "search" ? (Number(request.url.searchParams.get("start")) > 1 ? "hang" : page(request, 9)) : undefined,
    )
    const controller = new AbortController()
    const iterator = gis.content.searchAll("parks", { pageSize: 2, signal: controller.signal })[Symbol.asyncIterator]()
    expect((await iterator.next()).value?.title).toBe("Item 1")
    expect((await iterator.next()).value?.title).toBe("Item 2")
    const pending = settle(iterator.next())
    await until(() => routes(requests, /^search$/).length === 2)
    const started = Date.now()
    controller.abort()
    const { error } = await pending
    expect(error).toBeInstanceOf(AbortError)
    expect(Date.now() - started).toBeLessThan(1_000)
    const hanging = routes(requests, /^search$/)[1]
    expect(hanging?.signal.aborted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(routes(requests, /^search$/).length).toBe(2)
    await gis.close()
  })

  it("an already-aborted signal sends no request at all, for searchAll and search", async () => {
    const { gis, requests } = await connect((route, request) => (route === "search" ? page(request, 9) : undefined))
    const before = requests.length
    const signal = AbortSignal.abort()
    const looped = await (async () => {
      for await (const _ of gis.content.searchAll("parks", { signal })) throw new Error("no item expected")
    })().catch((failure: unknown) => failure)
    expect(looped).toBeInstanceOf(AbortError)
    await expect(gis.content.search("parks", { signal })).rejects.toBeInstanceOf(AbortError)
    await expect(gis.users.search("parks", { signal })).rejects.toBeInstanceOf(AbortError)
    await expect(gis.groups.search({ query: "crews", signal })).rejects.toBeInstanceOf(AbortError)
    expect(requests.length).toBe(before)
    await gis.close()
  })

  it("the content entry's searchAll stops the same way (one implementation)", async () => {
    const portal = scripted((route, request) => (route === "search" ? page(request, 9) : undefined))
    const gis = await ContentGIS.connect({ url, apiKey: "scripted-api-key", fetch: portal.fetch })
    const controller = new AbortController()
    const error = await (async () => {
      for await (const _ of gis.content.searchAll("parks", { pageSize: 3, signal: controller.signal }))
        controller.abort()
    })().catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(routes(portal.requests, /^search$/).length).toBe(1)
    await gis.close()
  })
})

describe("AbortError", () => {
  it("is typed and recognisable: instanceof, _tag, name as fetch's, the reason as cause, the operation", async () => {
    const { gis } = await connect((route) => (route === "search" ? "hang" : undefined))
    const reason = new Error("user left the page")
    const controller = new AbortController()
    controller.abort(reason)
    const error = await gis.content.search("parks", { signal: controller.signal }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ _tag: "AbortError", name: "AbortError", operation: "ContentManager.search" })
    expect((error as AbortError).cause).toBe(reason)
    expect((error as AbortError).retryable).toBe(false)
    // AbortSignal.timeout: the cause says it was a timeout (a DOMException named TimeoutError).
    const timedOut = await gis.content
      .search("parks", { signal: AbortSignal.timeout(20) })
      .catch((failure: unknown) => failure)
    expect(timedOut).toBeInstanceOf(AbortError)
    expect(((timedOut as AbortError).cause as DOMException).name).toBe("TimeoutError")
    await gis.close()
  })

  it("a signal that is not an AbortSignal is InvalidInput, and nothing is sent", async () => {
    const { gis, requests } = await connect(() => undefined)
    const before = requests.length
    const error = await gis.content
      .search("parks", { signal: "stop" as unknown as AbortSignal })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error).toMatchObject({ field: "signal" })
    expect(requests.length).toBe(before)
    await gis.close()
  })

  it("a call that finished before the abort keeps its result", async () => {
    const { gis } = await connect(() => undefined)
    const controller = new AbortController()
    const found = await gis.content.get(itemId)
    const data = found?.toJSON()
    controller.abort()
    expect(data?.id).toBe(itemId)
    await gis.close()
  })
})

describe("uploads, downloads, jobs and bulk operations", () => {
  it("an upload aborted while a part is being sent: the part's request is aborted, nothing is committed", async () => {
    const { gis, requests } = await connect((route) => {
      if (route === "content/users/jsmith/addItem") return { json: { success: true, id: itemId, folder: null } }
      if (route.endsWith("/addPart")) return "hang"
      return undefined
    })
    const controller = new AbortController()
    const file = new File([new Uint8Array(64 * 1024)], "parks.csv", { type: "text/csv" })
    const adding = settle(
      gis.content.add(
        { title: "Parks", type: "CSV" },
        { data: file, multipartThreshold: 1, signal: controller.signal },
      ),
    )
    await until(() => routes(requests, /\/addPart$/).length === 1)
    controller.abort()
    const { error } = await adding
    expect(error).toBeInstanceOf(AbortError)
    expect(routes(requests, /\/addPart$/)[0]?.signal.aborted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(routes(requests, /\/(commit|status)$/)).toEqual([])
    await gis.close()
  })

  it("an already-aborted upload sends nothing (not even the addItem)", async () => {
    const { gis, requests } = await connect(() => undefined)
    const before = requests.length
    const error = await gis.content
      .add({ title: "Parks", type: "CSV" }, { data: new File(["a,b\n"], "a.csv"), signal: AbortSignal.abort() })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(requests.length).toBe(before)
    await gis.close()
  })

  /** Item data that sends two chunks (the transfer reports the first when the second arrives), then stalls. */
  const stalledData = () => {
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1024).fill(65))
        controller.enqueue(new Uint8Array(1024).fill(66))
      },
      cancel() {
        cancelled = true
      },
    })
    return { body, cancelled: () => cancelled }
  }

  it("a download aborted mid-body: getData rejects with AbortError and the body is cancelled", async () => {
    const data = stalledData()
    const { gis } = await connect((route) =>
      route === `content/items/${itemId}/data`
        ? { body: data.body, headers: { "content-type": "application/octet-stream" } }
        : undefined,
    )
    const found = await gis.content.get(itemId)
    const controller = new AbortController()
    const error = await found!
      .getData({ signal: controller.signal, onProgress: () => controller.abort() })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    await until(data.cancelled)
    await gis.close()
  })

  describe("(Node) item.download", () => {
    let folder: string
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), "gis-abort-"))
    })
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true })
    })

    it("aborted mid-body: rejects with AbortError and leaves no file behind", async () => {
      const data = stalledData()
      const portal = scripted((route) =>
        route === `content/items/${itemId}/data`
          ? { body: data.body, headers: { "content-type": "application/octet-stream" } }
          : undefined,
      )
      const gis = await NodeGIS.connect({ url, token: "scripted-token-value", fetch: portal.fetch })
      const found = await gis.content.get(itemId)
      const controller = new AbortController()
      const error = await found!
        .download({ savePath: folder, signal: controller.signal, onProgress: () => controller.abort() })
        .catch((failure: unknown) => failure)
      expect(error).toBeInstanceOf(AbortError)
      expect(await readdir(folder)).toEqual([])
      await gis.close()
    })
  })

  it("a publish aborted while its job is polled: no further status request", async () => {
    const serviceId = "fedcba9876543210fedcba9876543210"
    const { gis, requests } = await connect((route) => {
      if (route === "content/users/jsmith/publish") {
        return {
          json: {
            services: [{ serviceItemId: serviceId, jobId: "job-1", type: "Feature Service", serviceurl: `${url}/x` }],
          },
        }
      }
      if (route.endsWith("/status")) return { json: { status: "processing", statusMessage: "processing" } }
      return undefined
    })
    const found = await gis.content.get(itemId)
    const controller = new AbortController()
    const publishing = settle(
      found!.publish({
        publishParameters: { name: "parks" },
        fileType: "csv",
        wait: { interval: 10 },
        signal: controller.signal,
      }),
    )
    await until(() => routes(requests, /\/status$/).length >= 2)
    controller.abort()
    const { error } = await publishing
    expect(error).toBeInstanceOf(AbortError)
    const polls = routes(requests, /\/status$/).length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(routes(requests, /\/status$/).length).toBe(polls)
    await gis.close()
  })

  it("a bulk share aborted mid-way: the batch in flight is aborted, the next batches are never sent", async () => {
    const { gis, requests } = await connect((route) =>
      route === "content/users/jsmith/shareItems" ? "hang" : undefined,
    )
    const items = Array.from({ length: 250 }, (_, index) => resultOf(index + 1).id)
    const controller = new AbortController()
    const sharing = settle(
      gis.content.shareItems(items, {
        groups: ["fedcba9876543210fedcba9876543210"],
        concurrency: 1,
        signal: controller.signal,
      }),
    )
    await until(() => routes(requests, /shareItems$/).length === 1)
    controller.abort()
    const { error } = await sharing
    expect(error).toBeInstanceOf(AbortError)
    expect(routes(requests, /shareItems$/)[0]?.signal.aborted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(routes(requests, /shareItems$/).length).toBe(1)
    await gis.close()
  })

  it("group.addUsers (a request per 25 users) stops between batches", async () => {
    const groupId = "fedcba9876543210fedcba9876543210"
    const group = { id: groupId, title: "Crews", owner: "jsmith", access: "org" }
    let controller = new AbortController()
    const { gis, requests } = await connect((route) => {
      if (route === `community/groups/${groupId}`) return { json: group }
      if (route === `community/groups/${groupId}/addUsers`) {
        controller.abort()
        return { json: { notAdded: [] } }
      }
      return undefined
    })
    const found = await gis.groups.get(groupId)
    controller = new AbortController()
    const users = Array.from({ length: 60 }, (_, index) => `user_${index}`)
    const error = await found!
      .addUsers(users, { concurrency: 1, signal: controller.signal })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(routes(requests, /addUsers$/).length).toBe(1)
    await gis.close()
  })
})
