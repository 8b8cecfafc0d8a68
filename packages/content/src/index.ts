/**
 * `@arcgis-portal/content`: the content manager (`Content`), operations on one item (`Items`),
 * asynchronous jobs (`Job`), service layers (`Layer`) and the item schemas (`ItemSchema`) for the
 * ArcGIS portal Sharing REST API. Browser-safe; file helpers are in `@arcgis-portal/content/node`.
 *
 * @packageDocumentation
 */
export * as Content from "./Content.ts"
export * as ItemSchema from "./ItemSchema.ts"
export * as Items from "./Items.ts"
export * as Job from "./Job.ts"
export * as Layer from "./Layer.ts"
