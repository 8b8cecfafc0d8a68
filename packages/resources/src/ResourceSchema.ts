/**
 * The shapes of the item resources API. Every struct keeps the fields it does not declare.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/** One resource file of an item. */
export const Resource = CommonSchema.open({
  /** The path under `resources/`, prefix included: `images/banner.png`. */
  resource: Schema.String,
  created: Schema.optional(CommonSchema.EpochMillis),
  size: Schema.optional(Schema.Number),
  /** `inherit` (follows the item) or `private`; only shown to the owner and administrators. */
  access: Schema.optional(Schema.String),
})
export type Resource = typeof Resource.Type

/** One page of `content/items/<id>/resources`. */
export const ResourcesPage = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  resources: Schema.optional(Schema.Array(Resource)),
})
export type ResourcesPage = typeof ResourcesPage.Type

/** The answer of `addResources` and `updateResources`: `{ success, itemId, owner, folder }`. */
export const ResourceOperationResult = CommonSchema.open({
  success: Schema.Boolean,
  itemId: Schema.optional(Schema.String),
  owner: Schema.optional(Schema.String),
  folder: Schema.optional(Schema.NullOr(Schema.String)),
})
export type ResourceOperationResult = typeof ResourceOperationResult.Type

/** The answer of `removeResources`. */
export const RemoveResult = CommonSchema.open({ success: Schema.Boolean })
export type RemoveResult = typeof RemoveResult.Type

/** What `content/items/<id>` says about an item: enough to find its owner. */
export const ItemOwner = CommonSchema.open({ id: Schema.String, owner: Schema.String })
export type ItemOwner = typeof ItemOwner.Type
