/**
 * `@arcgis-portal/content`: the content manager (`Content`), operations on one item (`Items`),
 * asynchronous jobs (`Job`), layers of service items (`ServiceLayer`), cloning between portals (`Clone`) and the item
 * schemas (`ItemSchema`) for the ArcGIS portal Sharing REST API. Browser-safe; file helpers are in
 * `@arcgis-portal/content/node`.
 *
 * @packageDocumentation
 */
export * as Clone from "./Clone.ts"
export * as Content from "./Content.ts"
export * as ItemSchema from "./ItemSchema.ts"
export * as Items from "./Items.ts"
export * as Job from "./Job.ts"
/**
 * The former name of {@link ServiceLayer}, kept for one minor version.
 *
 * @deprecated Use `ServiceLayer`: "Layer" collides with `effect/Layer`.
 */
export * as Layer from "./Layer.ts"
export * as ServiceLayer from "./ServiceLayer.ts"
