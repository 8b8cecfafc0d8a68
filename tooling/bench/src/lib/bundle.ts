/**
 * How B4 bundles an entry program, shared with the bundle-size guard (test/bundle-budget.test.ts):
 * esbuild 0.28.2, browser, ESM, es2022, minified, then gzip -9. Deterministic: one build is the size.
 *
 * Each entry is built twice: into one file (every byte the program can ever run, what B4 has always reported), and
 * with code splitting (`splitting: true`, as Vite, Rollup and webpack split an application by default), whose entry
 * chunk and the chunks it imports statically are what a page loads before its first dynamic `import()` — for our SDK,
 * before its first transfer loads the transfer engine (ky).
 */
import { readFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { type BuildOptions, build, type Metafile } from "esbuild"
import { benchRoot } from "./proc.ts"

export const contenders = ["ours", "rest-js"] as const
export type Contender = (typeof contenders)[number]

export const entries = ["a", "a-get", "b", "c", "ab", "ac", "abc"] as const
export type Entry = (typeof entries)[number]

/**
 * Entry (a) written with our Promise facade (`entries/ours/gis-*.ts`): through its main entry, and through
 * `@arcgis-portal/gis/content`. Ours only: rest-js has no facade of its own.
 */
export const facadeEntries = ["gis-a", "gis-content-a"] as const
export type FacadeEntry = (typeof facadeEntries)[number]

/**
 * The same programs written with `@arcgis-portal/content/operations` (`entries/ours/*-ops.ts`: module-level functions
 * instead of the `Content` service; (c) through `@arcgis-portal/users-groups-roles/operations`), ours only.
 */
export const operationsEntries = ["a-ops", "a-get-ops", "b-ops", "ab-ops", "ac-ops", "abc-ops"] as const
export type OperationsEntry = (typeof operationsEntries)[number]

export interface Bundle {
  /** The whole program in one file. */
  readonly minified: number
  readonly gzip: number
  /** Minified bytes in the one-file output per package (or `(entries)`). */
  readonly byPackage: Record<string, number>
  /** The source files in the one-file output (paths as esbuild names them). */
  readonly inputs: ReadonlyArray<string>
  /** Split build: the entry chunk and the chunks it imports statically — what loads before any dynamic `import()`. */
  readonly initialMinified: number
  /** The same, gzip -9, each chunk on its own (as a browser fetches them). */
  readonly initialGzip: number
  /** Minified bytes per package in those chunks. */
  readonly initialByPackage: Record<string, number>
  /** Split build: the chunks only a dynamic `import()` loads (our transfer engine), gzip -9, each on its own. */
  readonly lazyGzip: number
}

const packageOf = (input: string): string => {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)
  if (match !== null) return match[1]!
  const workspace = /packages\/([^/]+)\//.exec(input)
  return workspace !== null ? `@arcgis-portal/${workspace[1]}` : "(entries)"
}

/** B4's esbuild settings without an entry: browser, ESM, es2022, minified, a metafile, nothing written. */
export const browserSettings = {
  absWorkingDir: benchRoot,
  bundle: true,
  minify: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  write: false,
  metafile: true,
  logLevel: "silent",
} as const satisfies BuildOptions

const settings = (contender: Contender, entry: string): BuildOptions & { readonly write: false } => ({
  ...browserSettings,
  entryPoints: [`${benchRoot}entries/${contender}/${entry}.ts`],
})

const gzipped = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length

/** The split build's initial and lazy chunks (an output named in the metafile relative to `absWorkingDir`). */
const split = async (contender: Contender, entry: string) => {
  const result = await build({ ...settings(contender, entry), splitting: true, outdir: `${benchRoot}.split` })
  const meta = result.metafile as Metafile
  const contents = new Map(result.outputFiles.map((file) => [file.path.slice(benchRoot.length), file.contents]))
  const entryChunk = Object.keys(meta.outputs).find((name) => meta.outputs[name]!.entryPoint !== undefined)!
  const initial = new Set<string>()
  const visit = (name: string) => {
    if (initial.has(name)) return
    initial.add(name)
    for (const imported of meta.outputs[name]!.imports) if (imported.kind === "import-statement") visit(imported.path)
  }
  visit(entryChunk)
  let initialMinified = 0
  let initialGzip = 0
  let lazyGzip = 0
  const initialByPackage: Record<string, number> = {}
  for (const [name, output] of Object.entries(meta.outputs)) {
    const bytes = contents.get(name)
    if (bytes === undefined || name.endsWith(".map")) continue
    if (!initial.has(name)) {
      lazyGzip += gzipped(bytes)
      continue
    }
    initialMinified += bytes.length
    initialGzip += gzipped(bytes)
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input)
      initialByPackage[pkg] = (initialByPackage[pkg] ?? 0) + bytesInOutput
    }
  }
  return { initialMinified, initialGzip, initialByPackage, lazyGzip }
}

/** Bundles `entries/<contender>/<entry>.ts` (workspace packages from their built `dist`). */
export const bundle: {
  (contender: Contender, entry: Entry): Promise<Bundle>
  (contender: "ours", entry: Entry | FacadeEntry | OperationsEntry): Promise<Bundle>
} = async (contender: Contender, entry: Entry | FacadeEntry | OperationsEntry): Promise<Bundle> => {
  const result = await build(settings(contender, entry))
  const output = result.outputFiles[0]!.contents
  const byPackage: Record<string, number> = {}
  const inputs: Array<string> = []
  const meta = result.metafile as Metafile
  for (const out of Object.values(meta.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const name = packageOf(input)
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput
      if (bytesInOutput > 0) inputs.push(input)
    }
  return { minified: output.length, gzip: gzipped(output), byPackage, inputs, ...(await split(contender, entry)) }
}

/** The checked-in budgets of the bundle-size guard (`budget.json`), gzip bytes. */
export interface Budget {
  /** B4 entry (a), ours (the Effect API's `Content` service), one file. */
  readonly b4a: { readonly gzipBytes: number }
  /** B4 entry (a) through `@arcgis-portal/content/operations` (`entries/ours/a-ops.ts`), one file. */
  readonly b4aOperations: { readonly gzipBytes: number }
  /** The same program's first load (split build: no transfer engine). */
  readonly b4aOperationsInitial: { readonly gzipBytes: number }
  /** B4's other programs through `@arcgis-portal/content/operations`, one file, per entry. */
  readonly b4OperationsEntries: { readonly gzipBytes: Readonly<Record<Exclude<OperationsEntry, "a-ops">, number>> }
  /** B4 entry (a) through `@arcgis-portal/gis/content` (`entries/ours/gis-content-a.ts`), one file. */
  readonly b4aGisContent: { readonly gzipBytes: number }
}

export const budgetPath = `${benchRoot}budget.json`

export const readBudget = (): Budget => JSON.parse(readFileSync(budgetPath, "utf8")) as Budget
