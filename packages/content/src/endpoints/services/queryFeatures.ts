/**
 * `GET <layer URL>/query` — features of a feature layer or table, one page at a time (`resultOffset`,
 * `resultRecordCount`), or only their count (`returnCountOnly`) (Python `arcgis.features.FeatureLayer.query`, which
 * `ContentManager.clone_items` reads a layer's data with). Sent with a token for the federated server that hosts it.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/query-feature-service-layer/
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { credentialsFor } from "../../internal/server.ts"

/** One feature: its attributes and (for layers) its geometry, kept as the service sent them. */
export const Feature = CommonSchema.open({
  attributes: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  geometry: Schema.optional(Schema.Unknown),
})
export type Feature = typeof Feature.Type

/** The answer of `query`: a page of features (or, with `returnCountOnly`, their `count`). */
export const FeatureSet = CommonSchema.open({
  features: Schema.optional(Schema.Array(Feature)),
  fields: Schema.optional(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))),
  objectIdFieldName: Schema.optional(Schema.String),
  exceededTransferLimit: Schema.optional(Schema.Boolean),
  count: Schema.optional(Schema.Number),
})
export type FeatureSet = typeof FeatureSet.Type

export const queryFeatures = Endpoint.make({
  rest: "query",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/query-feature-service-layer/",
  method: "GET",
  idempotent: true,
  request: (input: {
    /** The layer's URL (`…/FeatureServer/0`). */
    readonly layerUrl: string
    readonly where?: string | undefined
    readonly outFields?: string | undefined
    readonly returnGeometry?: boolean | undefined
    readonly orderByFields?: string | undefined
    readonly resultOffset?: number | undefined
    readonly resultRecordCount?: number | undefined
    readonly returnCountOnly?: boolean | undefined
  }) => ({
    path: `${input.layerUrl.replace(/\/+$/, "")}/query`,
    params: {
      where: input.where ?? "1=1",
      outFields: input.outFields,
      returnGeometry: input.returnGeometry,
      orderByFields: input.orderByFields,
      resultOffset: input.resultOffset,
      resultRecordCount: input.resultRecordCount,
      returnCountOnly: input.returnCountOnly,
    },
    credentials: credentialsFor(input.layerUrl),
  }),
  response: FeatureSet,
})
