// Every public package's manifest says where it comes from and how it resolves, the same way: `repository` (npm
// provenance needs it) with the package's `directory`, `homepage`, `bugs` and `keywords`, all derived from the one
// repository URL in the root package.json; a top-level `types` equal to the `.` entry's types (for tools that read
// no `exports`); `effect` as a peer (never a dependency: the consumer test shows why); and no published package that
// forgets its README or its license.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

interface Manifest {
  readonly name: string
  readonly private?: boolean
  readonly license?: string
  readonly keywords?: ReadonlyArray<string>
  readonly homepage?: string
  readonly bugs?: { readonly url?: string }
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string }
  readonly types?: string
  readonly exports?: Record<string, unknown>
  readonly files?: ReadonlyArray<string>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}

const root = fileURLToPath(new URL("../../../", import.meta.url))
const read = (file: string): Manifest => JSON.parse(readFileSync(file, "utf8")) as Manifest
const rootManifest = read(join(root, "package.json"))
const repositoryUrl = rootManifest.repository?.url ?? ""
/** `git+https://github.com/o/r.git` → `https://github.com/o/r` */
const web = repositoryUrl.replace(/^git\+/, "").replace(/\.git$/, "")

const published = readdirSync(join(root, "packages"))
  .map((dir) => ({ dir, manifest: read(join(root, "packages", dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true)

describe("package manifests", () => {
  it("the root names the repository once, as a git+https URL", () => {
    expect(repositoryUrl).toMatch(/^git\+https:\/\/[^/]+\/[^/]+\/[^/]+\.git$/)
    expect(published.length).toBeGreaterThanOrEqual(11)
  })

  describe.each(published)("$dir", ({ dir, manifest }) => {
    it("points at the repository, its folder, its README and the issue tracker", () => {
      expect(manifest.repository).toEqual({ type: "git", url: repositoryUrl, directory: `packages/${dir}` })
      expect(manifest.homepage).toBe(`${web}/tree/main/packages/${dir}#readme`)
      expect(manifest.bugs).toEqual({ url: `${web}/issues` })
      expect(manifest.keywords).toEqual(expect.arrayContaining(["arcgis", "portal"]))
      expect(manifest.license).toBe("MIT")
      expect(manifest.files).toContain("README.md")
      expect(existsSync(join(root, "packages", dir, "README.md"))).toBe(true)
    })

    it("has a top-level types equal to its main entry's types", () => {
      const main = manifest.exports?.["."] as { readonly types?: string } | undefined
      expect(main?.types).toBeDefined()
      expect(manifest.types).toBe(main?.types)
    })

    it("takes effect as a peer, never as a dependency", () => {
      expect(manifest.dependencies?.effect).toBeUndefined()
      if (dir !== "emulator") expect(manifest.peerDependencies?.effect).toMatch(/^\^4\./)
    })
  })
})
