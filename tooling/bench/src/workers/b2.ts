// B2 upload, one contender per process (so that peak RSS is this client's alone): a file added as
// an item through the multipart flow, then deleted (outside the timed section). Each client is
// imported only in its own process (dynamic `import()`), so the baseline RSS is that client's alone;
// lib/clients.ts is not imported for the same reason (it loads both). benchmarks/b2.ts runs this file
// bundled by esbuild (one chunk per client), so that Node loads no TypeScript stripper.

import { openAsBlob } from "node:fs"
import type { AuthStrategy } from "@arcgis-portal/core"
import type { WorkerConfig } from "../lib/clients.ts"
import { report } from "../lib/proc.ts"

interface Config extends WorkerConfig {
  readonly path: string
  readonly size: number
  readonly partSize: number
  readonly concurrency: number
}

const config = JSON.parse(process.argv[2]!) as Config
const properties = { title: "Bench upload", type: "Code Attachment", tags: ["bench"] }
const fileName = "bench-upload.zip"

/**
 * The workaround of tooling/conformance (`nativeFormDataFetch`): rest-js 4.10.2 hands a
 * formdata-node FormData to Node's fetch, which sends the text "[object FormData]"
 * (Esri/arcgis-rest-js#1033). Its entries are copied into a native FormData; file entries are read
 * into memory (`arrayBuffer()`), as the conformance suite does.
 */
const nativeFormDataFetch =
  (inner: typeof fetch): typeof fetch =>
  async (input, init) => {
    const body = init?.body as unknown
    if (
      typeof body === "object" &&
      body !== null &&
      !(body instanceof FormData) &&
      (body as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "FormData"
    ) {
      const native = new FormData()
      for (const [name, value] of body as Iterable<[string, string | File]>) {
        if (typeof value === "string") native.append(name, value)
        else native.append(name, new File([await value.arrayBuffer()], value.name, { type: value.type }))
      }
      return inner(input, { ...init, body: native })
    }
    return inner(input, init)
  }

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
  const [{ Content }, { NodeContent }, core, Effect, Layer, ManagedRuntime, Redacted] = await Promise.all([
    import("@arcgis-portal/content"),
    import("@arcgis-portal/content/node"),
    import("@arcgis-portal/core"),
    import("effect/Effect"),
    import("effect/Layer"),
    import("effect/ManagedRuntime"),
    import("effect/Redacted"),
  ])
  // lib/clients.ts's tokenStrategy and ourPortal, repeated here so that rest-js is never loaded.
  const auth: AuthStrategy.AuthStrategy = {
    name: "benchToken",
    acquire: () => Effect.succeed({ token: Redacted.make(config.token), expires: undefined }),
    authorize: core.AuthStrategy.headerAuthorization,
  }
  const runtime = ManagedRuntime.make(Content.layer.pipe(Layer.provide(core.Portal.layer({ url: config.url, auth }))))
  const program = Effect.gen(function* () {
    const content = yield* Content.Content
    const data = yield* NodeContent.fileFromPath(config.path, fileName)
    const item = yield* content.add({
      properties,
      data,
      partSize: config.partSize,
      concurrency: config.concurrency,
    })
    return item.id
  })
  upload = () => runtime.runPromise(program)
} else {
  const [{ addItemPart, commitItemUpload, createItem, getItemStatus }, { ArcGISIdentityManager }] = await Promise.all([
    import("@esri/arcgis-rest-portal"),
    import("@esri/arcgis-rest-request"),
  ])
  globalThis.fetch = nativeFormDataFetch(globalThis.fetch)
  // lib/clients.ts's restJsSession, repeated here so that our SDK is never loaded.
  const authentication = new ArcGISIdentityManager({
    token: config.token,
    tokenExpires: new Date(Date.now() + 14 * 24 * 3600 * 1000),
    username: config.username,
    portal: config.restUrl,
  })
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
for (let i = 0; i < config.warmup + config.runs; i++) {
  const started = performance.now()
  const id = await upload()
  const ms = performance.now() - started
  if (i >= config.warmup) times.push(ms)
  await checkSize(id)
  await remove(id)
}
report({ times, baselineRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })
