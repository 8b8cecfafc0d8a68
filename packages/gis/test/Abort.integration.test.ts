/**
 * `signal` against the emulator: what the portal is sent is counted by the connection's own fetch, so an aborted
 * listing, upload, download or job wait is shown to stop sending — not merely to reject.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AbortError, type Item } from "../src/index.ts"
import { GIS } from "../src/node/index.ts"

let emulator: EmulatorHandle
let gis: GIS
let folder: string
/** Every request the connection sent: method and path. */
const sent: Array<{ readonly method: string; readonly path: string }> = []
const tag = `abort_${Date.now().toString(36)}`

const count = (pattern: RegExp) => sent.filter((request) => pattern.test(request.path)).length
const searches = () => count(/\/sharing\/rest\/search$/)

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves when `condition` holds, so a test can act while a request is in flight. */
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error("the condition never held")
    await pause(10)
  }
}

const settle = <A>(promise: Promise<A>) =>
  promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  )

beforeAll(async () => {
  // Jobs stay `processing` for a minute: a publish is still being polled when the test aborts it.
  emulator = await startEmulator({ jobMillis: 60_000 })
  folder = await mkdtemp(join(tmpdir(), "gis-abort-integration-"))
  const account = emulator.accounts.publisher
  gis = await GIS.connect({
    url: emulator.url,
    username: account.username,
    password: account.password,
    fetch: (input, init) => {
      const request = input instanceof Request ? input : undefined
      sent.push({
        method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
        path: new URL(request?.url ?? String(input)).pathname,
      })
      return globalThis.fetch(input, init)
    },
  })
  for (let index = 0; index < 7; index++) {
    await gis.content.add({ title: `${tag} ${index}`, type: "Code Attachment", tags: [tag] }, { data: { text: "x" } })
  }
}, 120_000)

afterAll(async () => {
  await gis?.close()
  await emulator?.stop()
  if (folder !== undefined) await rm(folder, { recursive: true, force: true })
})

describe("searchAll against the emulator", () => {
  it("aborted between pages: AbortError, and the portal is asked for no further page", async () => {
    const before = searches()
    const controller = new AbortController()
    const titles: Array<string> = []
    const error = await (async () => {
      for await (const item of gis.content.searchAll(`tags:${tag}`, {
        pageSize: 2,
        sortField: "title",
        sortOrder: "asc",
        signal: controller.signal,
      })) {
        titles.push(item.title)
        if (titles.length === 3) controller.abort()
      }
    })().catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    expect(titles).toEqual([`${tag} 0`, `${tag} 1`, `${tag} 2`])
    expect(searches() - before).toBe(2)
    await pause(200)
    expect(searches() - before).toBe(2)
  })

  it("aborted while the portal is slow to answer a page: AbortError at once, no further page", async () => {
    const before = searches()
    const controller = new AbortController()
    const iterator = gis.content
      .searchAll(`tags:${tag}`, { pageSize: 2, signal: controller.signal })
      [Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    emulator.setLatency(5_000)
    try {
      const pending = settle(iterator.next())
      await until(() => searches() - before === 2)
      const started = Date.now()
      controller.abort()
      const { error } = await pending
      expect(error).toBeInstanceOf(AbortError)
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      emulator.setLatency(0)
    }
    await pause(200)
    expect(searches() - before).toBe(2)
  })

  it("an already-aborted signal: nothing is sent", async () => {
    const before = sent.length
    const signal = AbortSignal.abort()
    const error = await (async () => {
      for await (const _ of gis.content.searchAll(`tags:${tag}`, { signal })) throw new Error("no item expected")
    })().catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    await expect(gis.users.search("jsmith", { signal })).rejects.toBeInstanceOf(AbortError)
    expect(sent.length).toBe(before)
  })
})

describe("uploads, downloads and jobs against the emulator", () => {
  it("a multipart upload aborted during its first part: AbortError, no further part, never committed", async () => {
    const controller = new AbortController()
    const before = { parts: count(/\/addPart$/), commits: count(/\/commit$/) }
    const data = new File([new Uint8Array(11 * 1024 * 1024)], "big.bin", { type: "application/octet-stream" })
    const error = await gis.content
      .add(
        { title: `${tag} big`, type: "Code Attachment", tags: [tag] },
        {
          data,
          multipartThreshold: 1,
          partSize: 5 * 1024 * 1024,
          concurrency: 1,
          onProgress: () => controller.abort(),
          signal: controller.signal,
        },
      )
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(AbortError)
    await pause(300)
    expect(count(/\/addPart$/) - before.parts).toBeLessThanOrEqual(1)
    expect(count(/\/commit$/) - before.commits).toBe(0)
  })

  describe("a download", () => {
    let item: Item
    beforeAll(async () => {
      const text = "name,value\n".padEnd(4 * 1024 * 1024, "x")
      item = await gis.content.add(
        { title: `${tag} data`, type: "CSV", tags: [tag] },
        { data: new File([text], "data.csv", { type: "text/csv" }) },
      )
    })

    it("getData aborted as its bytes arrive: AbortError", async () => {
      const controller = new AbortController()
      const error = await item
        .getData({ tryJson: false, onProgress: () => controller.abort(), signal: controller.signal })
        .catch((failure: unknown) => failure)
      expect(error).toBeInstanceOf(AbortError)
    })

    it("(Node) download aborted as its bytes arrive: AbortError, no file left behind", async () => {
      const controller = new AbortController()
      const error = await item
        .download({ savePath: folder, onProgress: () => controller.abort(), signal: controller.signal })
        .catch((failure: unknown) => failure)
      expect(error).toBeInstanceOf(AbortError)
      expect(await readdir(folder)).toEqual([])
    })

    it("an already-aborted download sends nothing", async () => {
      const before = sent.length
      await expect(item.getData({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError)
      expect(sent.length).toBe(before)
    })
  })

  it("a publish aborted while its job is polled: AbortError, the polling stops", async () => {
    const csv = await gis.content.add(
      { title: `${tag} places`, type: "CSV", tags: [tag] },
      { data: new File(["name,latitude,longitude\nHall,34.05,-118.25\n"], "places.csv", { type: "text/csv" }) },
    )
    const before = count(/\/status$/)
    const controller = new AbortController()
    const publishing = settle(csv.publish({ wait: { interval: 20 }, signal: controller.signal }))
    await until(() => count(/\/status$/) - before >= 2)
    controller.abort()
    const { error } = await publishing
    expect(error).toBeInstanceOf(AbortError)
    const polls = count(/\/status$/)
    await pause(300)
    expect(count(/\/status$/)).toBe(polls)
  })
})
