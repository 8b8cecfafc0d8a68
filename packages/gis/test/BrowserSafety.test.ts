import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const source = fileURLToPath(new URL("../src/", import.meta.url))
const files = (directory: string): Array<string> =>
  readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
const outsideNode = () => files(source).filter((path) => !relative(source, path).startsWith("node"))

/** Every `from "…"` / `import("…")` specifier of a module, type-only imports included. */
const specifiers = (path: string): ReadonlyArray<string> =>
  [...readFileSync(path, "utf8").matchAll(/(?:from\s+|import\()["']([^"']+)["']/g)].map((match) => match[1] ?? "")

/** The specifiers of a module's statements that stay in JavaScript (`import type`/`export type` are erased). */
const runtimeSpecifiers = (path: string): ReadonlyArray<string> =>
  [...readFileSync(path, "utf8").matchAll(/^(?:import|export)\s+(?!type\b)[\w\s{},*$]*?from\s+["']([^"']+)["']/gm)].map(
    (match) => match[1] ?? "",
  )

/** The modules of src/ an entry reaches at run time through relative imports, and the packages they import. */
const graph = (entry: string) => {
  const modules = new Set<string>()
  const packages = new Set<string>()
  const visit = (path: string) => {
    if (modules.has(path)) return
    modules.add(path)
    for (const specifier of runtimeSpecifiers(path)) {
      if (specifier.startsWith(".")) visit(resolve(dirname(path), specifier))
      else packages.add(specifier)
    }
  }
  visit(join(source, entry))
  return { modules: [...modules].map((path) => relative(source, path)), packages: [...packages] }
}

describe("the main entry stays browser-safe", () => {
  it("no node: import outside src/node", () => {
    const offenders = outsideNode().filter((path) =>
      /from\s+["']node:|import\(["']node:/.test(readFileSync(path, "utf8")),
    )
    expect(offenders).toEqual([])
  })

  it("Node-only entries are imported only from src/node (types excepted)", () => {
    const nodeOnly = /^import\s+(?!type\b)[^"']*["'][^"']+\/node["']/m
    expect(outsideNode().filter((path) => nodeOnly.test(readFileSync(path, "utf8")))).toEqual([])
  })

  it("effect is imported by subpath, never from the barrel", () => {
    expect(files(source).filter((path) => /from\s+["']effect["']/.test(readFileSync(path, "utf8")))).toEqual([])
  })
})

describe("@arcgis-portal/auth-pki and @arcgis-portal/auth-proxy are optional", () => {
  it("nothing outside src/node names them, not even for a type (so neither the code nor the .d.ts of the main entry needs them)", () => {
    const offenders = outsideNode().filter((path) =>
      specifiers(path).some((specifier) => /^@arcgis-portal\/auth-(pki|proxy)(\/|$)/.test(specifier)),
    )
    expect(offenders).toEqual([])
  })

  it("the Node entry loads them only when their argument is given (a dynamic import)", () => {
    for (const path of files(join(source, "node"))) {
      const text = readFileSync(path, "utf8")
      expect(text, relative(source, path)).not.toMatch(/^import\s[^\n]*["']@arcgis-portal\/auth-(pki|proxy)["']/m)
    }
    expect(readFileSync(join(source, "node", "NodeGIS.ts"), "utf8")).toMatch(/import\("@arcgis-portal\/auth-pki"\)/)
  })
})

describe("@arcgis-portal/gis/content", () => {
  it("reaches only the content services: no users, groups, roles, data stores, resources, OAuth or Node", () => {
    const { modules, packages } = graph("content/index.ts")
    expect(packages.filter((name) => !/^(effect\/|@arcgis-portal\/(core|content|auth-token)$)/.test(name))).toEqual([])
    expect(
      modules.filter((path) => /^(GIS|Item|User|Group|Role|Datastore|Resource|GisLayer|node\/)/.test(path)),
    ).toEqual([])
  })

  it("is the content half of the main entry, not a copy: GIS, Item and GisLayer are built on it", () => {
    expect(graph("GIS.ts").modules).toEqual(
      expect.arrayContaining(["ContentGIS.ts", "ContentItem.ts", "ContentLayer.ts"]),
    )
    expect(readFileSync(join(source, "GIS.ts"), "utf8")).toMatch(/class GIS extends ContentGIS/)
    expect(readFileSync(join(source, "Item.ts"), "utf8")).toMatch(/class Item extends ContentItem/)
    expect(readFileSync(join(source, "GisLayer.ts"), "utf8")).toMatch(/contentServices/)
  })
})
