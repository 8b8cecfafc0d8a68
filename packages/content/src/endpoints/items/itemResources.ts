/**
 * `GET content/items/<id>/resources` — one page of an item's resource files (Python
 * `arcgis.gis.ResourceManager.list`), which `Clone.clone` copies with the item. Clients ask for `num=1000`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { itemPath } from "../../internal/paths.ts"

/** One resource file: its path under `resources/` (prefix included) and size. */
export const ItemResource = CommonSchema.open({
  resource: Schema.String,
  size: Schema.optional(Schema.Number),
  created: Schema.optional(CommonSchema.EpochMillis),
  access: Schema.optional(Schema.String),
})
export type ItemResource = typeof ItemResource.Type

/** One page of an item's resources. */
export const ItemResourcesPage = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  resources: Schema.optional(Schema.Array(ItemResource)),
})
export type ItemResourcesPage = typeof ItemResourcesPage.Type

export const itemResources = Endpoint.make({
  rest: "resources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string; readonly start: number; readonly num: number }) => ({
    path: `${itemPath(input.id)}/resources`,
    params: { start: input.start, num: input.num },
  }),
  response: ItemResourcesPage,
})
