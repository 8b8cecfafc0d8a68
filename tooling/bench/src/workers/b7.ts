// B7 bulk, one contender per process. Each run adds `items` fresh items (plain fetch, outside the
// timed section), then times sharing them all with the group and deleting them all, counting the
// requests the client sends; the group's content is checked after each step (outside the timed
// section too).
import { Content } from "@arcgis-portal/content"
import { removeItem, shareItemWithGroup } from "@esri/arcgis-rest-portal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { ourPortal, restJsSession, type WorkerConfig } from "../lib/clients.ts"
import { report } from "../lib/proc.ts"

interface Config extends WorkerConfig {
  readonly groupId: string
  readonly items: number
  readonly tag: string
  /** rest-js: items in flight at once (1: a sequential loop). */
  readonly concurrency: number
}

const config = JSON.parse(process.argv[2]!) as Config

// Every request a client sends, by the last segment of its path (`shareItems`, `search`, `delete`…).
// Both clients call `globalThis.fetch` when they send (ours: no `fetch` given to Portal.layer), so
// replacing it counts them; seeding and checks below use the original and are not counted.
const plainFetch = globalThis.fetch
let sent: Record<string, number> | undefined
globalThis.fetch = (input, init) => {
  if (sent !== undefined) {
    const url = input instanceof Request ? input.url : String(input)
    const operation = new URL(url).pathname.split("/").at(-1) ?? ""
    sent[operation] = (sent[operation] ?? 0) + 1
  }
  return plainFetch(input, init)
}

/** A request of the seeding and the checks (plain fetch, not counted). */
const call = async (
  path: string,
  options: { readonly query?: Record<string, string>; readonly form?: Record<string, string> } = {},
) => {
  const headers = { "X-Esri-Authorization": `Bearer ${config.token}` }
  const response =
    options.form === undefined
      ? await plainFetch(`${config.restUrl}/${path}?${new URLSearchParams({ f: "json", ...options.query })}`, {
          headers,
        })
      : await plainFetch(`${config.restUrl}/${path}`, {
          method: "POST",
          headers,
          body: new URLSearchParams({ f: "json", ...options.form }),
        })
  const body = (await response.json()) as Record<string, unknown>
  if (body.error !== undefined) throw new Error(`${path}: ${JSON.stringify(body.error)}`)
  return body
}

/** Adds `config.items` items through addItem, 16 at a time; their ids. */
const seed = async (run: number): Promise<Array<string>> => {
  const ids: Array<string> = []
  let next = 0
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < config.items) {
        const n = next++
        const body = await call(`content/users/${config.username}/addItem`, {
          form: {
            title: `Bulk item ${run}-${String(n).padStart(4, "0")}`,
            type: "Web Map",
            tags: `${config.tag},bench`,
            text: JSON.stringify({ operationalLayers: [], baseMap: { baseMapLayers: [] }, version: "2.31" }),
          },
        })
        ids.push(body.id as string)
      }
    }),
  )
  return ids
}

const groupTotal = async () => (await call(`content/groups/${config.groupId}`, { query: { num: "1" } })).total as number

const check = async (step: string, expected: number) => {
  const total = await groupTotal()
  if (total !== expected)
    throw new Error(`${config.contender}: after ${step} the group holds ${total} items, expected ${expected}`)
}

/** `call` for every id, at most `config.concurrency` at once, in order within each lane. */
const pool = async (ids: ReadonlyArray<string>, send: (id: string) => Promise<unknown>) => {
  let next = 0
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < ids.length) await send(ids[next++]!)
    }),
  )
}

let share: (ids: ReadonlyArray<string>) => Promise<void>
let remove: (ids: ReadonlyArray<string>) => Promise<void>
if (config.contender === "ours") {
  const runtime = ManagedRuntime.make(Content.layer.pipe(Layer.provide(ourPortal(config))))
  const refused = (step: string, results: ReadonlyArray<{ itemId: string; success: boolean }>) => {
    const failed = results.filter((result) => !result.success)
    if (failed.length > 0 || results.length !== config.items)
      throw new Error(`ours: ${step} of ${results.length} items, refused: ${JSON.stringify(failed.slice(0, 3))}`)
  }
  // The bulk operations: requests of 100 items, 4 in flight (the default).
  share = async (ids) =>
    refused(
      "shareItems",
      await runtime.runPromise(Effect.flatMap(Content.Content, (c) => c.shareItems(ids, { groups: [config.groupId] }))),
    )
  remove = async (ids) =>
    refused("deleteItems", await runtime.runPromise(Effect.flatMap(Content.Content, (c) => c.deleteItems(ids))))
} else {
  const authentication = restJsSession(config)
  // shareItemWithGroup asks `search` whether the item is already shared, then shares it; it throws
  // when the portal did not share it.
  share = (ids) => pool(ids, (id) => shareItemWithGroup({ id, groupId: config.groupId, authentication }))
  remove = (ids) =>
    pool(ids, async (id) => {
      const result = await removeItem({ id, authentication })
      if (result.success !== true) throw new Error(`rest-js: removeItem ${id}: ${JSON.stringify(result)}`)
    })
}

const timed = async (step: () => Promise<void>) => {
  sent = {}
  const started = performance.now()
  await step()
  const ms = performance.now() - started
  const requests = sent
  sent = undefined
  return { ms, requests }
}

const runs: Array<{ shareMs: number; deleteMs: number; requests: Record<string, number> }> = []
for (let run = 0; run < config.warmup + config.runs; run++) {
  const ids = await seed(run)
  await check("seeding", 0)
  const shared = await timed(() => share(ids))
  await check("sharing", config.items)
  const deleted = await timed(() => remove(ids))
  await check("deleting", 0)
  const left = (await call("search", { query: { q: `tags:${config.tag}`, num: "1" } })).total as number
  if (left !== 0) throw new Error(`${config.contender}: ${left} items tagged ${config.tag} left after deleting`)
  const requests = { ...shared.requests }
  for (const [operation, count] of Object.entries(deleted.requests))
    requests[operation] = (requests[operation] ?? 0) + count
  if (Object.keys(requests).length === 0)
    throw new Error(`${config.contender}: no request went through globalThis.fetch — the count would be wrong`)
  if (run >= config.warmup) runs.push({ shareMs: shared.ms, deleteMs: deleted.ms, requests })
}
report({ runs })
