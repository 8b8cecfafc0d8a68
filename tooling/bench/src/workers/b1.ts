// B1 paging, one contender per process: every result of a search matching 10,000 items.
import { Content } from "@arcgis-portal/content"
import { searchItems } from "@esri/arcgis-rest-portal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { measure, ourPortal, restJsSession, type WorkerConfig } from "../lib/clients.ts"
import { report } from "../lib/proc.ts"

interface Config extends WorkerConfig {
  /** The query as the user writes it (ours appends ` accountid:<orgId>` itself). */
  readonly q: string
  readonly orgId: string
  readonly expected: number
  readonly concurrency: number
}

const config = JSON.parse(process.argv[2]!) as Config
const sort = { sortField: "title", sortOrder: "asc" } as const

const check = (count: number) => {
  if (count !== config.expected)
    throw new Error(`${config.contender}: got ${count} results, expected ${config.expected}`)
}

let once: () => Promise<void>
if (config.contender === "ours") {
  const runtime = ManagedRuntime.make(Content.layer.pipe(Layer.provide(ourPortal(config))))
  const program = Effect.flatMap(Content.Content, (content) =>
    Stream.runCount(content.searchAll(config.q, { ...sort, concurrency: config.concurrency })),
  )
  once = async () => check(await runtime.runPromise(program))
} else {
  const authentication = restJsSession(config)
  once = async () => {
    let page = await searchItems({ q: `${config.q} accountid:${config.orgId}`, num: 100, ...sort, authentication })
    let count = page.results.length
    while (page.nextStart > 0) {
      page = await page.nextPage!()
      count += page.results.length
    }
    check(count)
  }
}
report({ times: await measure(config, once) })
