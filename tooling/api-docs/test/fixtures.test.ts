// The check fails for the right reasons: run on test/fixtures/repo, a small repository with one of each problem
// (an undocumented export, one in a second entry point, a broken {@link}, an unexported type in a public signature,
// three bad @see URLs, broken markdown links, an exports entry with no source), a package listed in notYetChecked,
// an internal module and a private package that must not be reported.
import path from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { type CheckResult, type Finding, runCheck } from "../src/check.ts"
import { typedocOptions } from "../src/options.ts"
import { publicPackages } from "../src/packages.ts"
import { convertReference, type Reference } from "../src/reference.ts"
import { seeUrlProblem, seeUrls } from "../src/seeLinks.ts"

const root = fileURLToPath(new URL("fixtures/repo/", import.meta.url))
const allowed = ["https://developers.arcgis.com/", "https://github.com/arcgis-portal/arcgis-portal/"]

const summary = (finding: Finding) => ({
  kind: finding.kind,
  packageName: finding.packageName,
  file: finding.file,
  line: finding.line,
  subject: finding.subject,
})

describe("the check on a repository with one of each problem", () => {
  let reference: Reference
  let result: CheckResult
  beforeAll(async () => {
    reference = await convertReference(
      typedocOptions({ root, packages: publicPackages(root), tsconfig: path.join(root, "tsconfig.json") }),
    )
    result = await runCheck({
      root,
      reference,
      notYetChecked: ["@fixture/later"],
      intentionallyNotExported: [],
      seeUrlPrefixes: allowed,
      markdownIgnored: [],
      generatedPaths: ["docs/api"],
    })
  })

  it("reads the entry points from the exports maps of the public packages", () => {
    expect(result.packages.map((pkg) => [pkg.name, pkg.entries.map((entry) => entry.importPath)])).toEqual([
      ["@fixture/demo", ["@fixture/demo", "@fixture/demo/extra"]],
      ["@fixture/later", ["@fixture/later"]],
    ])
  })

  it("fails on an undocumented export, naming the export, its file and line", () => {
    const undocumented = result.failing.filter((finding) => finding.kind === "undocumented").map(summary)
    expect(undocumented).toEqual([
      {
        kind: "undocumented",
        packageName: "@fixture/demo",
        file: "packages/demo/src/index.ts",
        line: 16,
        subject: "@fixture/demo.undocumented",
      },
      {
        kind: "undocumented",
        packageName: "@fixture/demo",
        file: "packages/demo/src/extra.ts",
        line: 7,
        subject: "@fixture/demo/extra.ExtraOptions",
      },
    ])
  })

  it("fails on a broken {@link}", () => {
    const links = result.failing.filter((finding) => finding.kind === "broken-link")
    expect(links.map(summary)).toEqual([
      {
        kind: "broken-link",
        packageName: "@fixture/demo",
        file: "packages/demo/src/index.ts",
        line: 19,
        subject: "@fixture/demo.brokenLink",
      },
    ])
    expect(links[0]?.message).toContain("{@link doesNotExist}")
  })

  it("fails on a type a public signature uses but no entry point exports", () => {
    const notExported = result.failing.filter((finding) => finding.kind === "not-exported")
    expect(notExported.map(summary)).toEqual([
      {
        kind: "not-exported",
        packageName: "@fixture/demo",
        file: "packages/demo/src/index.ts",
        line: 31,
        subject: "@fixture/demo.leaksInternal.hidden",
      },
    ])
    expect(notExported[0]?.message).toContain("Hidden (packages/demo/src/internal/hidden.ts)")
  })

  it("fails on @see URLs that are not https, not on an allowed host, or not URLs at all", () => {
    const see = result.failing.filter((finding) => finding.kind === "see-url")
    expect(see.map((finding) => [finding.file, finding.line, finding.subject, finding.message])).toEqual([
      [
        "packages/demo/src/index.ts",
        24,
        "badSee",
        "badSee: @see http://developers.arcgis.com/rest/users-groups-and-items/search.htm uses http, not https",
      ],
      [
        "packages/demo/src/index.ts",
        25,
        "badSee",
        expect.stringMatching(/^badSee: @see https:\/\/example\.com\/docs\/search is not under an allowed prefix/),
      ],
      [
        "packages/demo/src/index.ts",
        26,
        "badSee",
        "badSee: @see developers.arcgis.com/rest/users-groups-and-items/item.htm is not a well-formed URL",
      ],
    ])
  })

  it("fails on relative markdown links to files that do not exist, and only on those", () => {
    const markdown = result.failing.filter((finding) => finding.kind === "markdown-link")
    expect(markdown.map((finding) => [finding.packageName, finding.file, finding.line, finding.message])).toEqual([
      [undefined, "README.md", 3, "link to packages/gone/README.md does not resolve to a file in the repository"],
      [
        "@fixture/demo",
        "packages/demo/README.md",
        4,
        "link to docs/missing.md#usage does not resolve to a file in the repository",
      ],
      [
        "@fixture/demo",
        "packages/demo/README.md",
        12,
        "link to ../nowhere/README.md does not resolve to a file in the repository",
      ],
    ])
  })

  it("fails on an exports entry whose source does not exist", () => {
    expect(
      result.failing.filter((finding) => finding.kind === "entry-point").map((finding) => finding.message),
    ).toEqual([expect.stringContaining('exports["./missing"] declares ./dist/missing.d.ts')])
  })

  it("reports the problems of a package in notYetChecked without failing on them", () => {
    expect(result.failing.some((finding) => finding.packageName === "@fixture/later")).toBe(false)
    expect(result.notYetChecked.map(summary)).toEqual([
      {
        kind: "undocumented",
        packageName: "@fixture/later",
        file: "packages/later/src/index.ts",
        line: 7,
        subject: "@fixture/later.laterUndocumented",
      },
    ])
  })

  it("says nothing else: not the documented export, the internal module or the private package", () => {
    expect(result.failing).toHaveLength(11)
    const subjects = result.failing.map((finding) => finding.subject ?? "")
    for (const quiet of ["documented", "notPublic", "privateUndocumented"]) {
      expect(subjects.some((subject) => subject.endsWith(`.${quiet}`))).toBe(false)
    }
  })

  it("flags an intentionallyNotExported entry that matches nothing, so the list only shrinks", async () => {
    const stale = await runCheck({
      root,
      reference,
      notYetChecked: ["@fixture/later"],
      intentionallyNotExported: ["packages/demo/src/internal/hidden.ts:Hidden", "packages/demo/src/gone.ts:Gone"],
      seeUrlPrefixes: allowed,
      markdownIgnored: [],
    })
    expect(
      stale.failing.filter((finding) => finding.kind === "not-exported").map((finding) => finding.subject),
    ).toEqual(["packages/demo/src/gone.ts:Gone"])
  })
})

describe("@see URLs", () => {
  it("finds the URLs of a tag and leaves Python names alone", () => {
    expect(seeUrls(" arcgis.gis.Item.share")).toEqual([])
    expect(seeUrls(" https://developers.arcgis.com/rest/x.htm (its Y operation).")).toEqual([
      "https://developers.arcgis.com/rest/x.htm",
    ])
    expect(seeUrls(" {@link https://developers.arcgis.com/a | the page}")).toEqual(["https://developers.arcgis.com/a"])
  })

  it("accepts https under an allowed prefix only", () => {
    expect(seeUrlProblem("https://developers.arcgis.com/rest/x.htm", allowed)).toBeUndefined()
    expect(seeUrlProblem("https://github.com/arcgis-portal/arcgis-portal/blob/main/docs/security.md", allowed)).toBe(
      undefined,
    )
    expect(seeUrlProblem("https://developers.arcgis.com.evil.test/x", allowed)).toMatch(/not under an allowed prefix/)
    expect(seeUrlProblem("https://user:secret@developers.arcgis.com/x", allowed)).toBe("carries credentials")
    expect(seeUrlProblem("https:/developers.arcgis.com/x", allowed)).toMatch(/not a well-formed URL/)
  })
})
