/**
 * The knobs of the API reference and its check. Everything else (the packages, their entry points) is read from the
 * repository, so a new package or `exports` subpath is documented and checked without touching this file.
 */
export const config = {
  /**
   * Packages that are in the reference but whose problems (undocumented exports, broken links, bad `@see` URLs,
   * broken links in their markdown) are listed without failing the check. Remove a package from this list once its
   * documentation is complete; from then on `pnpm test` fails on any new problem in it. Every other public package
   * is checked — including a new one, by default.
   */
  notYetChecked: [] as ReadonlyArray<string>,

  /**
   * Types a public signature may use although no entry point exports them, as `<file>:<name>` (file relative to the
   * root). Each entry is a debt with its fix: the check reports an entry that no longer matches anything, so the
   * list only shrinks.
   */
  intentionallyNotExported: [] as ReadonlyArray<string>,

  /**
   * What a `@see` URL may start with. Esri's REST and developer documentation; Esri's ArcGIS Enterprise
   * documentation (PKI and web-tier authentication are documented only there); and this repository's own docs.
   */
  seeUrlPrefixes: [
    "https://developers.arcgis.com/",
    "https://enterprise.arcgis.com/",
    "https://github.com/arcgis-portal/arcgis-portal/",
  ] as ReadonlyArray<string>,

  /** Where `pnpm api-docs` writes the HTML reference (relative to the repository root; gitignored). */
  outputDir: "docs/api",

  /**
   * Markdown files whose relative links are not checked (paths relative to the root, matched as prefixes):
   * generated output, changeset notes (they are copied into CHANGELOGs, where relative links mean something else)
   * and this package's test fixtures (broken on purpose).
   */
  markdownIgnored: ["docs/api/", ".changeset/", "tooling/api-docs/test/fixtures/"] as ReadonlyArray<string>,

  /** Paths a markdown link may point at although they exist only after a build (the generated reference). */
  generatedPaths: ["docs/api"] as ReadonlyArray<string>,
} as const
