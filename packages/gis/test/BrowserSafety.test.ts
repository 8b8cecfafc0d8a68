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
const outsideNode = () => files(source).filter((path) => !relative(source, path).startsWith("node"))

describe("the main entry stays browser-safe", () => {
  it("no node: import outside src/node", () => {
    const offenders = outsideNode().filter((path) =>
      /from\s+["']node:|import\(["']node:/.test(readFileSync(path, "utf8")),
    )
    expect(offenders).toEqual([])
  })

  it("Node-only packages and entries are imported only from src/node (types excepted)", () => {
    const nodeOnly = /^import\s+(?!type\b)[^"']*["'](@arcgis-portal\/(auth-pki|auth-proxy)|[^"']+\/node)["']/m
    expect(outsideNode().filter((path) => nodeOnly.test(readFileSync(path, "utf8")))).toEqual([])
  })

  it("effect is imported by subpath, never from the barrel", () => {
    expect(files(source).filter((path) => /from\s+["']effect["']/.test(readFileSync(path, "utf8")))).toEqual([])
  })
})
