/**
 * Node-only helpers of `@arcgis-portal/resources`: downloads to files and files on disk as
 * resources.
 *
 * @packageDocumentation
 */
export * as NodeResources from "./NodeResources.ts"
