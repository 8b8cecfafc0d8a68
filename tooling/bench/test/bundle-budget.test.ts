// The bundle-size guard of `pnpm test`: B4's entry (a) — search items with an API key — bundled exactly as
// B4 bundles it (src/lib/bundle.ts) must stay within the gzip budget checked in as budget.json.
import { describe, expect, it } from "vitest"
import { budgetPath, bundle, readBudget } from "../src/lib/bundle.ts"

describe("bundle-size guard", () => {
  it("B4 (a) ours stays within its gzip budget", async () => {
    const budget = readBudget().b4a.gzipBytes
    const { gzip, minified } = await bundle("ours", "a")
    const message =
      `B4 (a) ours is ${gzip} bytes gzip -9 (${minified} minified), over its budget of ${budget} bytes ` +
      `by ${gzip - budget}. Make the bundle smaller (\`npx -y pnpm@12.21.0 bench -- b4\` lists the bytes per ` +
      `package), or, if the growth is intended, raise "b4a.gzipBytes" in ${budgetPath} and say why in the commit.`
    expect(gzip <= budget, message).toBe(true)
  })
})
