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

  it("fetch is called only by the default Network and ky's engine, and ky is imported in exactly one internal file", () => {
    const callers = files(source).filter((path) => /\bfetch\(/.test(readFileSync(path, "utf8")))
    expect(callers.map((path) => relative(source, path)).sort()).toEqual(["Network.ts", "internal/http.ts"])
    const ky = files(source).filter((path) => /from\s+["']ky["']/.test(readFileSync(path, "utf8")))
    expect(ky.map((path) => relative(source, path))).toEqual(["internal/http.ts"])
  })

  it("effect is imported by subpath, never from the barrel", () => {
    const barrel = files(source).filter((path) => /from\s+["']effect["']/.test(readFileSync(path, "utf8")))
    expect(barrel).toEqual([])
  })
})
