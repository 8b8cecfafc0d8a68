import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"

/** One public entry point: an `exports` subpath of a package and the source file behind its types. */
export interface PublicEntry {
  /** What a user imports, e.g. `@arcgis-portal/core/node`. */
  readonly importPath: string
  /** The key in the `exports` map, e.g. `./node`. */
  readonly subpath: string
  /** Absolute path of the TypeScript source the entry's `.d.ts` is built from. */
  readonly source: string
}

/** A public (not `private`) package under `packages/` and the entry points its `exports` map opens. */
export interface PublicPackage {
  readonly name: string
  /** Absolute directory of the package. */
  readonly dir: string
  /** The directory relative to the repository root, with `/` separators (`packages/core`). */
  readonly relativeDir: string
  readonly entries: ReadonlyArray<PublicEntry>
  /** Entries that could not be documented (no `types` target, or no source behind it), as messages. */
  readonly problems: ReadonlyArray<string>
}

interface PackageJson {
  readonly name?: string
  readonly private?: boolean
  readonly exports?: unknown
}

// The condition that names the declaration file; nested condition objects are searched depth first.
const typesTarget = (target: unknown): string | undefined => {
  if (typeof target === "string") return target.endsWith(".d.ts") ? target : undefined
  if (target === null || typeof target !== "object") return undefined
  const conditions = target as { readonly [condition: string]: unknown }
  if (typeof conditions.types === "string") return conditions.types
  for (const value of Object.values(conditions)) {
    const found = typesTarget(value)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Every public package of the repository at `root` and the entry points of its `exports` map, read from the
 * package.json files so that a new package or subpath is in the reference (and the check) without editing a list.
 * Skipped: `./package.json`, pattern subpaths (`./internal/*`, closed with `null`) and `null` targets. An entry's
 * source is its `types` target with `dist/` read as `src/` and `.d.ts` as `.ts` (the layout of every package's
 * `tsconfig.build.json`); an entry without one is left out and named in the package's `problems`.
 */
export const publicPackages = (root: string): ReadonlyArray<PublicPackage> => {
  const packagesDir = path.join(root, "packages")
  const result: Array<PublicPackage> = []
  for (const dirName of readdirSync(packagesDir).sort()) {
    const dir = path.join(packagesDir, dirName)
    const manifestPath = path.join(dir, "package.json")
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PackageJson
    if (manifest.private === true || manifest.name === undefined) continue
    const exportsMap =
      typeof manifest.exports === "string" || manifest.exports === undefined
        ? { ".": manifest.exports }
        : (manifest.exports as { readonly [subpath: string]: unknown })
    const entries: Array<PublicEntry> = []
    const problems: Array<string> = []
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (subpath === "./package.json" || subpath.includes("*") || target === null || target === undefined) continue
      const types = typesTarget(target)
      if (types === undefined) {
        problems.push(`exports["${subpath}"] has no "types" target, so it cannot be documented`)
        continue
      }
      const source = path.join(dir, types.replace(/^\.\/dist\//, "./src/").replace(/\.d\.ts$/, ".ts"))
      if (!existsSync(source)) {
        problems.push(
          `exports["${subpath}"] declares ${types}, but its source ${path.relative(root, source)} does not exist ` +
            "(the reference reads src/ for dist/)",
        )
        continue
      }
      entries.push({ importPath: manifest.name + subpath.slice(1), subpath, source })
    }
    const relativeDir = path.relative(root, dir).split(path.sep).join("/")
    result.push({ name: manifest.name, dir, relativeDir, entries, problems })
  }
  return result
}

/** The package whose directory holds `file` (absolute), if any. */
export const packageOfFile = (packages: ReadonlyArray<PublicPackage>, file: string): PublicPackage | undefined =>
  packages.find((pkg) => file.startsWith(pkg.dir + path.sep))
