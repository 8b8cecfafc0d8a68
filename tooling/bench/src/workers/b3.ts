// B3 request overhead, one contender per process: `requests` getItem calls, `concurrency` at a time.
import { Content } from "@arcgis-portal/content"
import { getItem } from "@esri/arcgis-rest-portal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { measure, ourPortal, restJsSession, type WorkerConfig } from "../lib/clients.ts"
import { report } from "../lib/proc.ts"

interface Config extends WorkerConfig {
  readonly id: string
  readonly requests: number
  readonly concurrency: number
}

const config = JSON.parse(process.argv[2]!) as Config

/** `requests` calls of `call`, at most `concurrency` at once. */
const pool = async (call: () => Promise<unknown>) => {
  let left = config.requests
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (left > 0) {
        left--
        await call()
      }
    }),
  )
}

const check = (item: { id?: string } | undefined) => {
  if (item?.id !== config.id) throw new Error(`${config.contender}: getItem returned ${JSON.stringify(item)}`)
}

let once: () => Promise<void>
if (config.contender === "ours") {
  const runtime = ManagedRuntime.make(Content.layer.pipe(Layer.provide(ourPortal(config))))
  const program = Effect.flatMap(Content.Content, (content) =>
    Effect.forEach(Array.from({ length: config.requests }), () => Effect.map(content.get(config.id), check), {
      concurrency: config.concurrency,
      discard: true,
    }),
  )
  once = () => runtime.runPromise(program)
} else if (config.contender === "rest-js") {
  const authentication = restJsSession(config)
  once = () => pool(async () => check(await getItem(config.id, { authentication })))
} else {
  // The URL and header our SDK sends (content/items/<id>?f=json, X-Esri-Authorization), JSON parsed.
  const url = `${config.restUrl}/content/items/${config.id}?f=json`
  const headers = { "X-Esri-Authorization": `Bearer ${config.token}` }
  once = () =>
    pool(async () => {
      const response = await fetch(url, { headers })
      const body = (await response.json()) as { id?: string; error?: unknown }
      if (body.error !== undefined) throw new Error(JSON.stringify(body.error))
      check(body)
    })
}
// Client CPU (user + system) of the measured runs, per request: the overhead figure that a shared
// machine's noise does not move much (the emulator runs in another process).
let calls = 0
let cpuMicros = 0
const timed = async () => {
  const counted = calls++ >= config.warmup
  const before = process.cpuUsage()
  await once()
  const used = process.cpuUsage(before)
  if (counted) cpuMicros += used.user + used.system
}
const times = await measure(config, timed)
report({ times, cpuMicrosPerRequest: cpuMicros / (config.runs * config.requests) })
