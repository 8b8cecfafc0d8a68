/**
 * `POST <layer URL>/addFeatures` — adds features to a feature layer or table (Python
 * `arcgis.features.FeatureLayer.edit_features(adds=...)`, which `ContentManager.clone_items` copies a layer's data
 * with). Not idempotent: sending it twice adds the features twice, so it is never retried after the request may have
 * reached the service. Sent with a token for the federated server that hosts it.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/add-features/
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { credentialsFor } from "../../internal/server.ts"

/** One feature's result: its new object id, or the error that kept it out. */
export const EditResult = CommonSchema.open({
  objectId: Schema.optional(Schema.NullOr(Schema.Number)),
  globalId: Schema.optional(Schema.NullOr(Schema.String)),
  success: Schema.Boolean,
  error: Schema.optional(
    CommonSchema.open({
      code: Schema.optional(Schema.Number),
      description: Schema.optional(Schema.String),
    }),
  ),
})
export type EditResult = typeof EditResult.Type

/** The answer of `addFeatures`: one result per feature, in the order sent. */
export const AddFeaturesResult = CommonSchema.open({ addResults: Schema.Array(EditResult) })
export type AddFeaturesResult = typeof AddFeaturesResult.Type

export const addFeatures = Endpoint.make({
  rest: "addFeatures",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/add-features/",
  method: "POST",
  idempotent: false,
  request: (input: {
    /** The layer's URL (`…/FeatureServer/0`). */
    readonly layerUrl: string
    /** `{ attributes, geometry }` objects, sent as JSON. */
    readonly features: ReadonlyArray<unknown>
    /** All or none of the features are added (the service's default for hosted layers). Default `true`. */
    readonly rollbackOnFailure?: boolean | undefined
  }) => ({
    path: `${input.layerUrl.replace(/\/+$/, "")}/addFeatures`,
    params: { features: input.features, rollbackOnFailure: input.rollbackOnFailure ?? true },
    credentials: credentialsFor(input.layerUrl),
  }),
  response: AddFeaturesResult,
})
