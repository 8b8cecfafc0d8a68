/**
 * Node-only helpers of `@arcgis-portal/core`: upload sources from a file path or a Node stream,
 * and writing a download to a file without holding it in memory.
 *
 * @packageDocumentation
 */
export * as NodeFiles from "./NodeFiles.ts"
