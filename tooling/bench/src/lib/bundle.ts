/**
 * How B4 bundles an entry program, shared with the bundle-size guard (test/bundle-budget.test.ts):
 * esbuild 0.28.2, browser, ESM, es2022, minified, then gzip -9. Deterministic: one build is the size.
 */
import { readFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { build, type Metafile } from "esbuild"
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

export interface Bundle {
  readonly minified: number
  readonly gzip: number
  /** Minified bytes in the output per package (or `(entries)`). */
  readonly byPackage: Record<string, number>
}

const packageOf = (input: string): string => {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)
  if (match !== null) return match[1]!
  const workspace = /packages\/([^/]+)\//.exec(input)
  return workspace !== null ? `@arcgis-portal/${workspace[1]}` : "(entries)"
}

/** Bundles `entries/<contender>/<entry>.ts` (workspace packages from their built `dist`). */
export const bundle: {
  (contender: Contender, entry: Entry): Promise<Bundle>
  (contender: "ours", entry: FacadeEntry): Promise<Bundle>
} = async (contender: Contender, entry: Entry | FacadeEntry): Promise<Bundle> => {
  const result = await build({
    entryPoints: [`${benchRoot}entries/${contender}/${entry}.ts`],
    absWorkingDir: benchRoot,
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  })
  const output = result.outputFiles[0]!.contents
  const byPackage: Record<string, number> = {}
  const meta = result.metafile as Metafile
  for (const out of Object.values(meta.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const name = packageOf(input)
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput
    }
  return { minified: output.length, gzip: gzipSync(output, { level: 9 }).length, byPackage }
}

/** The checked-in budgets of the bundle-size guard (`budget.json`). */
export interface Budget {
  /** B4 entry (a), ours (the Effect API). */
  readonly b4a: { readonly gzipBytes: number }
  /** B4 entry (a) through `@arcgis-portal/gis/content` (`entries/ours/gis-content-a.ts`). */
  readonly b4aGisContent: { readonly gzipBytes: number }
}

export const budgetPath = `${benchRoot}budget.json`

export const readBudget = (): Budget => JSON.parse(readFileSync(budgetPath, "utf8")) as Budget
