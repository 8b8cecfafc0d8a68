// B6 emulator throughput: autocannon (one client process, `connections` at once) against one URL.
import autocannon from "autocannon"
import { report } from "../lib/proc.ts"

interface Config {
  readonly url: string
  readonly token: string
  readonly connections: number
  readonly seconds: number
  readonly runs: number
  readonly warmup: number
}

const config = JSON.parse(process.argv[2]!) as Config
const once = async () => {
  const result = await autocannon({
    url: config.url,
    connections: config.connections,
    duration: config.seconds,
    headers: { "X-Esri-Authorization": `Bearer ${config.token}` },
  })
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0)
    throw new Error(`autocannon: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`)
  return result.requests.total / (result.duration || config.seconds)
}
for (let i = 0; i < config.warmup; i++) await once()
const perSecond: Array<number> = []
for (let i = 0; i < config.runs; i++) perSecond.push(await once())
report({ perSecond })
