import path from "node:path"
import { fileURLToPath } from "node:url"
import type { TypeDocOptions } from "typedoc"
import { config } from "./config.ts"
import type { PublicPackage } from "./packages.ts"
import { importPathModuleNames, withoutDependencyMembers } from "./plugin.ts"

/** This package's directory (`tooling/api-docs`). */
export const toolDir = fileURLToPath(new URL("..", import.meta.url))

/** The repository root. */
export const repositoryRoot = path.resolve(toolDir, "../..")

/** What the TypeDoc options are made of. */
export interface ReferenceOptions {
  /** The repository (or test fixture) root; its `packages/*` are documented. */
  readonly root: string
  readonly packages: ReadonlyArray<PublicPackage>
  /** The tsconfig TypeDoc compiles with (TypeScript 6; the packages' own tsconfigs are TypeScript 7's). */
  readonly tsconfig: string
  /** Where the HTML goes; relative to `root`. */
  readonly outputDir?: string
  /** The landing page of the reference. */
  readonly readme?: string
}

/**
 * The kinds a public export must document. Properties of option bags and schemas are left out (many explain
 * themselves by name); a property whose type is a function — every operation of a service interface — is still
 * required, through its call signature, because `Function` is listed.
 */
export const requiredToBeDocumented = [
  "Module",
  "Namespace",
  "Enum",
  "Variable",
  "Function",
  "Class",
  "Interface",
  "TypeAlias",
  "Method",
  "Accessor",
  "Constructor",
] as const

/**
 * The TypeDoc options of the reference: one entry point per `exports` subpath, compiled from the packages' `src`
 * (with `paths` so that a package's import of another resolves to that package's source and cross-package types
 * link), every validation on and validation warnings treated as errors.
 */
export const typedocOptions = (options: ReferenceOptions): TypeDocOptions => {
  const entries = options.packages.flatMap((pkg) => pkg.entries)
  return {
    name: "arcgis-portal API reference",
    entryPoints: entries.map((entry) => entry.source),
    entryPointStrategy: "resolve",
    tsconfig: options.tsconfig,
    compilerOptions: { paths: Object.fromEntries(entries.map((entry) => [entry.importPath, [entry.source]])) },
    plugin: [importPathModuleNames(options.packages), withoutDependencyMembers],
    basePath: options.root,
    displayBasePath: options.root,
    readme: options.readme ?? "none",
    out: path.join(options.root, options.outputDir ?? config.outputDir),
    lang: "en",
    logLevel: "Warn",
    // The packages' own `typecheck` (TypeScript 7) is the authority on type errors; this compile is for docs only.
    skipErrorChecking: true,
    excludePrivate: true,
    excludeInternal: true,
    disableGit: true,
    gitRevision: "main",
    sourceLinkTemplate: "https://github.com/arcgis-portal/arcgis-portal/blob/{gitRevision}/{path}#L{line}",
    navigationLinks: { GitHub: "https://github.com/arcgis-portal/arcgis-portal" },
    validation: {
      notExported: true,
      invalidLink: true,
      invalidPath: true,
      notDocumented: true,
      rewrittenLink: true,
      unusedMergeModuleWith: true,
    },
    treatValidationWarningsAsErrors: true,
    requiredToBeDocumented: [...requiredToBeDocumented],
    packagesRequiringDocumentation: options.packages.map((pkg) => pkg.name),
  }
}

/** The options of the repository's own reference: its tsconfig, its landing page (reference.md). */
export const repositoryTypedocOptions = (packages: ReadonlyArray<PublicPackage>): TypeDocOptions =>
  typedocOptions({
    root: repositoryRoot,
    packages,
    tsconfig: path.join(toolDir, "tsconfig.typedoc.json"),
    readme: path.join(toolDir, "reference.md"),
  })
