// The bundle-size guard of `pnpm test`: B4's entry (a) — search items with an API key — bundled exactly as
// B4 bundles it (src/lib/bundle.ts) must stay within the gzip budget checked in as budget.json; so must the same
// program written with the Promise facade's content entry (`@arcgis-portal/gis/content`).
import { describe, expect, it } from "vitest"
import { budgetPath, bundle, readBudget } from "../src/lib/bundle.ts"

const over = (what: string, key: string, gzip: number, minified: number, budget: number) =>
  `${what} is ${gzip} bytes gzip -9 (${minified} minified), over its budget of ${budget} bytes ` +
  `by ${gzip - budget}. Make the bundle smaller (\`npx -y pnpm@12.21.0 bench -- b4\` lists the bytes per ` +
  `package), or, if the growth is intended, raise "${key}.gzipBytes" in ${budgetPath} and say why in the commit.`

describe("bundle-size guard", () => {
  it("B4 (a) ours stays within its gzip budget", async () => {
    const budget = readBudget().b4a.gzipBytes
    const { gzip, minified } = await bundle("ours", "a")
    expect(gzip <= budget, over("B4 (a) ours", "b4a", gzip, minified, budget)).toBe(true)
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
