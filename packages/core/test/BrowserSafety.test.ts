import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const source = fileURLToPath(new URL("../src/", import.meta.url))
const files = (directory: string): Array<string> =>
  readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry)
    return statSync(path).isDirectory() ? files(path) : [path]
  })

describe("browser safety", () => {
  it("no node: import outside the node entry", () => {
    const offenders = files(source)
      .filter((path) => !relative(source, path).startsWith("node"))
      .filter((path) => /from\s+["']node:|import\(["']node:|require\(["']node:/.test(readFileSync(path, "utf8")))
    expect(offenders).toEqual([])
  })

  it("fetch is called only by the default Network and the transfer engine, and ky is imported in exactly one internal file", () => {
    const callers = files(source).filter((path) => /\bfetch\(/.test(readFileSync(path, "utf8")))
    expect(callers.map((path) => relative(source, path)).sort()).toEqual(["Network.ts", "internal/transfer-engine.ts"])
    const ky = files(source).filter((path) => /from\s+["']ky["']|import\(["']ky["']\)/.test(readFileSync(path, "utf8")))
    expect(ky.map((path) => relative(source, path))).toEqual(["internal/transfer-engine.ts"])
  })

  it("the transfer engine (ky) is reached only through a dynamic import, so a program that never transfers never loads it", () => {
    const importers = files(source).filter((path) =>
      /from\s+["'][./]+(?:internal\/)?transfer-engine\.ts["']/.test(
        readFileSync(path, "utf8").replace(/import\s+type\s[^;]*?from\s+["'][^"']+["']/g, ""),
      ),
    )
    expect(importers).toEqual([])
    const loaders = files(source).filter((path) =>
      /import\(["']\.\/transfer-engine\.ts["']\)/.test(readFileSync(path, "utf8")),
    )
    expect(loaders.map((path) => relative(source, path))).toEqual(["internal/http.ts"])
  })

  it("effect is imported by subpath, never from the barrel", () => {
    const barrel = files(source).filter((path) => /from\s+["']effect["']/.test(readFileSync(path, "utf8")))
    expect(barrel).toEqual([])
  })
})
