/**
 * Node-only helpers of `@arcgis-portal/content`: downloads to files and files as upload data.
 *
 * @packageDocumentation
 */
export * as NodeContent from "./NodeContent.ts"
