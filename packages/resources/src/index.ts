/**
 * `@arcgis-portal/resources`: the resource files of portal items — `Resources` (Python's
 * `ResourceManager`) and its schemas (`ResourceSchema`). Browser-safe; file-system helpers are in
 * `@arcgis-portal/resources/node`.
 *
 * @packageDocumentation
 */

export * as ResourceSchema from "./ResourceSchema.ts"
export * as Resources from "./Resources.ts"
