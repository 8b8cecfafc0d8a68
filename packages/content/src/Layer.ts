/**
 * The former name of {@link ServiceLayer}: the same `fromItem` and `ItemLayer`, kept for one minor version.
 *
 * @deprecated Use `ServiceLayer` (`import { ServiceLayer } from "@arcgis-portal/content"`): "Layer" collides with
 * `effect/Layer` in every Effect program.
 * @module
 */
export { fromItem, type ItemLayer } from "./ServiceLayer.ts"
