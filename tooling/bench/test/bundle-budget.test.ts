// The bundle-size guard of `pnpm test`: B4's entry (a) — search items with an API key — bundled exactly as
// B4 bundles it (src/lib/bundle.ts) must stay within the gzip budgets checked in as budget.json: through the
// `Content` service, through `@arcgis-portal/content/operations` (one file, and its first load when split), and
// through the Promise facade's content entry (`@arcgis-portal/gis/content`). The operations faces
// (`@arcgis-portal/content/operations`, `@arcgis-portal/users-groups-roles/operations`) must keep only what a program
// imports, and no program's first load may hold the transfer engine (ky).
import { build } from "esbuild"
import { describe, expect, it } from "vitest"
import { browserSettings, budgetPath, bundle, readBudget } from "../src/lib/bundle.ts"
import { benchRoot } from "../src/lib/proc.ts"

const over = (what: string, key: string, gzip: number, minified: number, budget: number) =>
  `${what} is ${gzip} bytes gzip -9 (${minified} minified), over its budget of ${budget} bytes ` +
  `by ${gzip - budget}. Make the bundle smaller (\`npx -y pnpm@12.21.0 bench -- b4\` lists the bytes per ` +
  `package), or, if the growth is intended, raise "${key.includes(".") ? key : `${key}.gzipBytes`}" in ${budgetPath} and say why in the commit.`

describe("bundle-size guard", () => {
  it("B4 (a) ours stays within its gzip budget", async () => {
    const budget = readBudget().b4a.gzipBytes
    const { gzip, minified } = await bundle("ours", "a")
    expect(gzip <= budget, over("B4 (a) ours", "b4a", gzip, minified, budget)).toBe(true)
  })

  it("B4 (a) through @arcgis-portal/content/operations stays within its budgets, one file and first load", async () => {
    const budgets = readBudget()
    const { gzip, minified, initialGzip, initialMinified } = await bundle("ours", "a-ops")
    expect(
      gzip <= budgets.b4aOperations.gzipBytes,
      over("B4 (a) via content/operations", "b4aOperations", gzip, minified, budgets.b4aOperations.gzipBytes),
    ).toBe(true)
    expect(
      initialGzip <= budgets.b4aOperationsInitial.gzipBytes,
      over(
        "B4 (a) via content/operations, first load",
        "b4aOperationsInitial",
        initialGzip,
        initialMinified,
        budgets.b4aOperationsInitial.gzipBytes,
      ),
    ).toBe(true)
  })

  it("B4's other programs through @arcgis-portal/content/operations stay within their gzip budgets", async () => {
    const budgets = readBudget().b4OperationsEntries.gzipBytes
    for (const [entry, budget] of Object.entries(budgets) as Array<[keyof typeof budgets, number]>) {
      const { gzip, minified } = await bundle("ours", entry)
      expect(
        gzip <= budget,
        over(`B4 ${entry} via content/operations`, `b4OperationsEntries.gzipBytes.${entry}`, gzip, minified, budget),
      ).toBe(true)
    }
  })

  it("a program importing search alone from @arcgis-portal/content/operations bundles no other operation", async () => {
    const { inputs } = await bundle("ours", "a-ops")
    const operations = inputs
      .filter((input) => /packages\/content\/dist\/operations\//.test(input))
      .map((input) => input.replace(/.*packages\/content\/dist\//, ""))
    expect(operations).toEqual(["operations/search.js"])
  })

  it("a program importing getUser alone from @arcgis-portal/users-groups-roles/operations bundles no other operation", async () => {
    // As B4 bundles (src/lib/bundle.ts: esbuild, browser, ESM, es2022, minified), a program of one import.
    const program = [
      'import { getUser } from "@arcgis-portal/users-groups-roles/operations"',
      'import { Portal } from "@arcgis-portal/core"',
      'import * as Effect from "effect/Effect"',
      'const portal = Portal.layer({ url: "https://www.arcgis.com" })',
      "Effect.runPromise(getUser(document.title).pipe(Effect.provide(portal))).then(console.log, console.error)",
    ].join("\n")
    const result = await build({
      ...browserSettings,
      stdin: { contents: program, resolveDir: benchRoot, loader: "ts" },
    })
    const modules = Object.values(result.metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && /packages\/users-groups-roles\/dist\//.test(input))
      .map(([input]) => input.replace(/.*packages\/users-groups-roles\/dist\//, ""))
    expect(modules.filter((module) => /^(operations|endpoints)\//.test(module))).toEqual([
      "endpoints/users/user.js",
      "operations/users/get.js",
    ])
    expect(modules.filter((module) => /^(Users|Groups|Roles)\.js$/.test(module))).toEqual([])
  })

  it("(c) through @arcgis-portal/users-groups-roles/operations bundles its two operations and no stream machinery", async () => {
    const { inputs } = await bundle("ours", "ac-ops")
    const operations = inputs
      .filter((input) => /packages\/users-groups-roles\/dist\/operations\//.test(input))
      .map((input) => input.replace(/.*packages\/users-groups-roles\/dist\//, ""))
    expect(operations.sort()).toEqual(["operations/groups/search.js", "operations/users/get.js"])
    // A collected listing pages without a Stream: none of effect's stream machinery (its Queue is the telltale).
    expect(inputs.filter((input) => /effect\/dist\/Queue\.js$/.test(input))).toEqual([])
  })

  it("a multipart upload through @arcgis-portal/content/operations bundles no stream machinery", async () => {
    // core's Upload slices a Blob and reads a web stream by hand (sources from an Effect Stream are in PartStream):
    // effect's stream machinery does not come with an upload (its Queue is the telltale; the few hundred bytes of
    // Stream.js and Channel.js that core's request path references are in (a) already).
    for (const entry of ["b-ops", "abc-ops"] as const) {
      const { inputs } = await bundle("ours", entry)
      expect(inputs.filter((input) => /effect\/dist\/(Queue|MutableList)\.js$/.test(input))).toEqual([])
      expect(inputs.filter((input) => /packages\/core\/dist\/PartStream\.js$/.test(input))).toEqual([])
    }
  })

  it("the transfer engine (ky) is in no program's first load: it loads with the first transfer", async () => {
    for (const entry of ["a", "a-ops", "ab-ops"] as const) {
      const { initialByPackage, lazyGzip } = await bundle("ours", entry)
      expect(Object.keys(initialByPackage).filter((name) => name === "ky")).toEqual([])
      expect(lazyGzip).toBeGreaterThan(0)
    }
  })

  it("B4 (a) through @arcgis-portal/gis/content stays within its gzip budget", async () => {
    const budget = readBudget().b4aGisContent.gzipBytes
    const { gzip, minified } = await bundle("ours", "gis-content-a")
    expect(gzip <= budget, over("B4 (a) via @arcgis-portal/gis/content", "b4aGisContent", gzip, minified, budget)).toBe(
      true,
    )
  })

  it("@arcgis-portal/gis/content bundles none of the main entry's other services", async () => {
    const { byPackage } = await bundle("ours", "gis-content-a")
    const unwanted = ["users-groups-roles", "datastores", "resources", "auth-oauth", "auth-pki", "auth-proxy"]
    expect(Object.keys(byPackage).filter((name) => unwanted.some((part) => name.endsWith(`/${part}`)))).toEqual([])
  })
})
