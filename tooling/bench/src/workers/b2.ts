// B2 upload, one contender per process (so that peak RSS is this client's alone): a file added as
// an item through the multipart flow, then deleted (outside the timed section). Each client is
// imported only in its own process (dynamic `import()` of lib/ours.ts or lib/restjs.ts), so the baseline RSS
// is that client's alone. benchmarks/b2.ts runs this file
// bundled by esbuild (one chunk per client), so that Node loads no TypeScript stripper. It also counts the
// `addPart` requests in flight (a wrapper on globalThis.fetch, installed before either client loads), which
// shows how many parts ours' adaptive mode ended up sending at once.

import { openAsBlob } from "node:fs"
import { report } from "../lib/proc.ts"
import type { WorkerConfig } from "../lib/worker.ts"

interface Config extends WorkerConfig {
  readonly path: string
  readonly size: number
  readonly partSize: number
  /** Parts in flight for ours; absent: its default (adaptive). */
  readonly concurrency?: number | undefined
}

const config = JSON.parse(process.argv[2]!) as Config

let partsInFlight = 0
let maxPartsInFlight = 0
/** When the current upload sent its `commit` (performance.now()): the parts are all in by then. */
let commitAt = 0
const unwrapped = globalThis.fetch
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  if (/\/commit(\?|$)/.test(url)) commitAt = performance.now()
  if (!url.includes("/addPart")) return unwrapped(input, init)
  partsInFlight += 1
  maxPartsInFlight = Math.max(maxPartsInFlight, partsInFlight)
  const settle = () => {
    partsInFlight -= 1
  }
  const response = unwrapped(input, init)
  response.then(settle, settle)
  return response
}
const properties = { title: "Bench upload", type: "Code Attachment", tags: ["bench"] }
const fileName = "bench-upload.zip"

const remove = async (id: string) => {
  const response = await fetch(`${config.restUrl}/content/users/${config.username}/items/${id}/delete`, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${config.token}` },
    body: new URLSearchParams({ f: "json" }),
  })
  const body = (await response.json()) as { success?: boolean }
  if (body.success !== true) throw new Error(`delete ${id}: ${JSON.stringify(body)}`)
}

const checkSize = async (id: string) => {
  const response = await fetch(`${config.restUrl}/content/items/${id}?f=json`, {
    headers: { "X-Esri-Authorization": `Bearer ${config.token}` },
  })
  const item = (await response.json()) as { size?: number }
  if (item.size !== config.size) throw new Error(`${config.contender}: item ${id} has size ${item.size}`)
}

let upload: () => Promise<string>
if (config.contender === "ours") {
  const [{ Content }, { NodeContent }, { ourPortal }, Effect, Layer, ManagedRuntime] = await Promise.all([
    import("@arcgis-portal/content"),
    import("@arcgis-portal/content/node"),
    import("../lib/ours.ts"),
    import("effect/Effect"),
    import("effect/Layer"),
    import("effect/ManagedRuntime"),
  ])
  const runtime = ManagedRuntime.make(Content.layer.pipe(Layer.provide(ourPortal(config))))
  const program = Effect.gen(function* () {
    const content = yield* Content.Content
    const data = yield* NodeContent.fileFromPath(config.path, fileName)
    const item = yield* content.add({
      properties,
      data,
      partSize: config.partSize,
      ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    })
    return item.id
  })
  upload = () => runtime.runPromise(program)
} else {
  const [{ addItemPart, commitItemUpload, createItem, getItemStatus }, { restJsSession }, { nativeFormDataFetch }] =
    await Promise.all([
      import("@esri/arcgis-rest-portal"),
      import("../lib/restjs.ts"),
      import("@arcgis-portal/conformance/native-form-data-fetch"),
    ])
  globalThis.fetch = nativeFormDataFetch(globalThis.fetch)
  const authentication = restJsSession(config)
  upload = async () => {
    const file = await openAsBlob(config.path)
    const { id } = await createItem({ item: properties, multipart: true, filename: fileName, authentication })
    let partNum = 1
    for (let offset = 0; offset < file.size; offset += config.partSize, partNum++) {
      const part = file.slice(offset, Math.min(file.size, offset + config.partSize))
      await addItemPart({ id, partNum, file: part, authentication })
    }
    await commitItemUpload({ id, item: properties, authentication })
    // The emulator may still be assembling a large file: poll as our SDK does by default (at once,
    // then after 200 ms and 1.5 times longer each time, up to every 2 s), so that neither waits longer.
    for (let delay = 200; ; delay = Math.min(2000, delay * 1.5)) {
      const status = await getItemStatus({ id, authentication })
      if (status.status === "completed") break
      if (status.status !== "processing" && status.status !== "partial")
        throw new Error(`rest-js: status ${JSON.stringify(status)}`)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
    return id
  }
}

// Before any upload: Node and this contender's client library and its runtime, loaded (nothing else).
const baselineRssBytes = process.memoryUsage().rss
const times: Array<number> = []
/** Per measured run: the milliseconds from the commit to the end (the emulator assembling, the status reads). */
const commitTimes: Array<number> = []
for (let i = 0; i < config.warmup + config.runs; i++) {
  const started = performance.now()
  commitAt = 0
  const id = await upload()
  const ended = performance.now()
  const ms = ended - started
  if (i >= config.warmup) {
    times.push(ms)
    commitTimes.push(commitAt > 0 ? ended - commitAt : 0)
  }
  await checkSize(id)
  await remove(id)
}
report({ times, commitTimes, baselineRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024, maxPartsInFlight })
