/**
 * `@arcgis-portal/cli`: the `arcgis-portal` command line. The package's binary is the usual entry; the command tree
 * is exported for tools that embed or document it.
 *
 * @packageDocumentation
 */
export * as Cli from "./Cli.ts"
