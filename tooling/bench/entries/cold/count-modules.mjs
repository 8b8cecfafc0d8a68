// B5: preloaded with `--import` to count what an import loads — each module Node loads (its URL) and the bytes of
// its source — and print one JSON line on stderr at exit, per package. Only in the counting runs: the hook itself
// costs time, so the timed runs go without it.
import { readFileSync } from "node:fs"
import { registerHooks } from "node:module"
import { fileURLToPath } from "node:url"

const loaded = new Map()
registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context)
    let bytes = 0
    if (url.startsWith("file:")) {
      try {
        bytes = readFileSync(fileURLToPath(url)).length
      } catch {
        bytes = 0
      }
    }
    loaded.set(url, bytes)
    return result
  },
})

const packageOf = (url) => {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match !== null) return match[1]
  const workspace = /\/packages\/([^/]+)\//.exec(url)
  if (workspace !== null) return `@arcgis-portal/${workspace[1]}`
  return url.startsWith("node:") ? "node:" : "(entry)"
}

process.on("exit", () => {
  const byPackage = {}
  for (const [url, bytes] of loaded) {
    const name = packageOf(url)
    const entry = byPackage[name] ?? { modules: 0, bytes: 0 }
    entry.modules += 1
    entry.bytes += bytes
    byPackage[name] = entry
  }
  let bytes = 0
  for (const size of loaded.values()) bytes += size
  process.stderr.write(`${JSON.stringify({ modules: loaded.size, bytes, byPackage })}\n`)
})
