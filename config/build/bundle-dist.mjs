// Second step of a package's build (after `tsc`): bundles the package's own modules into one file per export
// (plus shared chunks) under dist/bundle/, which the `exports` map serves to Node (the `node` condition), so
// that importing a package in Node loads a handful of files instead of dozens. Dependencies (`effect`, other
// @arcgis-portal packages, `node:` builtins) stay imports. Shared code lands in chunks (esbuild `splitting`), so
// every class exists once per package even when two exports use it (`instanceof` and Context keys keep
// working across `.` and `./testing`). Declarations stay tsc's.
//
// Why both: Node's cold start is paid per module (resolution, package.json scope lookups, compilation) —
// `@arcgis-portal/content` imports ~12 ms faster bundled (tooling/bench B5) — while browser bundlers tree-shake
// the unbundled modules far better (`sideEffects: false` drops whole modules; B4 (a) grew 56.7 → 61.9 KB gzip
// when it was given the bundle), so browsers and bundlers keep dist/*.js.
//
// Usage (from a package directory): node ../../config/build/bundle-dist.mjs
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join, relative } from "node:path"
import { build } from "esbuild"

const root = process.cwd()
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const dist = join(root, "dist")

/** Every JavaScript file the `exports` map points at for bundlers and browsers (`./dist/index.js`…). */
const entries = Object.values(pkg.exports ?? {})
  .map((target) => (typeof target === "string" ? target : target?.default))
  .filter((target) => typeof target === "string" && target.endsWith(".js"))
  .map((target) => join(root, target))
if (entries.length === 0) throw new Error(`${pkg.name}: no JavaScript exports to bundle`)
for (const entry of entries) if (!existsSync(entry)) throw new Error(`${pkg.name}: ${entry} was not built`)

const out = join(dist, "bundle")
rmSync(out, { recursive: true, force: true })
await build({
  entryPoints: entries,
  outdir: out,
  outbase: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // Dependencies and builtins stay imports: one copy of effect for the whole application.
  packages: "external",
  external: ["node:*"],
  // Reads tsc's maps, so stack traces and debuggers still point at src/.
  sourcemap: true,
  sourcesContent: false,
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
})

// The exports map must serve these bundles to Node: `"node": "./dist/bundle/<same path>"` beside each `default`.
for (const [name, target] of Object.entries(pkg.exports ?? {})) {
  if (typeof target !== "object" || target === null || typeof target.default !== "string") continue
  const expected = `./dist/bundle/${relative(dist, join(root, target.default))}`
  if (target.node !== expected) throw new Error(`${pkg.name}: exports["${name}"].node should be "${expected}"`)
}
