/**
 * The shapes of the content API: items, folders, search results, comments, job status and the
 * small results of item operations. Every struct keeps the fields it does not declare, so a field
 * a newer portal adds never breaks a decode.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/**
 * An item: a unit of content (web map, service, file…). Only `id`, `owner`, `title` and `type`
 * are always present; everything else depends on the portal version and the caller's rights.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 */
export const Item = CommonSchema.open({
  id: CommonSchema.ItemId,
  owner: Schema.String,
  title: Schema.String,
  type: Schema.String,
  orgId: CommonSchema.optionalNullable(Schema.String),
  created: Schema.optional(CommonSchema.EpochMillis),
  modified: Schema.optional(CommonSchema.EpochMillis),
  name: CommonSchema.optionalNullable(Schema.String),
  typeKeywords: Schema.optional(Schema.Array(Schema.String)),
  tags: Schema.optional(Schema.Array(Schema.String)),
  snippet: CommonSchema.optionalNullable(Schema.String),
  description: CommonSchema.optionalNullable(Schema.String),
  thumbnail: CommonSchema.optionalNullable(Schema.String),
  documentation: CommonSchema.optionalNullable(Schema.String),
  extent: CommonSchema.optionalNullable(Schema.Array(Schema.Array(Schema.Number))),
  categories: Schema.optional(Schema.Array(Schema.String)),
  spatialReference: CommonSchema.optionalNullable(Schema.String),
  accessInformation: CommonSchema.optionalNullable(Schema.String),
  licenseInfo: CommonSchema.optionalNullable(Schema.String),
  culture: CommonSchema.optionalNullable(Schema.String),
  properties: CommonSchema.optionalNullable(Schema.Record(Schema.String, Schema.Unknown)),
  url: CommonSchema.optionalNullable(Schema.String),
  access: Schema.optional(Schema.String),
  size: Schema.optional(Schema.Number),
  protected: Schema.optional(Schema.Boolean),
  commentsEnabled: Schema.optional(Schema.Boolean),
  numComments: Schema.optional(Schema.Number),
  numRatings: Schema.optional(Schema.Number),
  avgRating: Schema.optional(Schema.Number),
  numViews: Schema.optional(Schema.Number),
  ownerFolder: CommonSchema.optionalNullable(Schema.String),
  itemControl: Schema.optional(Schema.String),
})
export type Item = typeof Item.Type

/** A folder of a user's content (one level only). */
export const Folder = CommonSchema.Folder
export type Folder = typeof Folder.Type

/**
 * A user's content: the items of the root (or of one folder) and the folders.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
export const UserContent = CommonSchema.userContent(Item)
export type UserContent = typeof UserContent.Type

/**
 * One page of an item search.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
export const SearchResponse = CommonSchema.open({
  query: Schema.optional(Schema.String),
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  results: Schema.Array(Item),
})
export type SearchResponse = typeof SearchResponse.Type

/**
 * A comment on an item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comment.htm
 */
export const Comment = CommonSchema.open({
  id: Schema.String,
  owner: Schema.optional(Schema.String),
  created: Schema.optional(CommonSchema.EpochMillis),
  comment: Schema.String,
  parentId: CommonSchema.optionalNullable(Schema.String),
})
export type Comment = typeof Comment.Type

/**
 * One page of an item's comments.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
 */
export const CommentsResponse = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  comments: Schema.Array(Comment),
})
export type CommentsResponse = typeof CommentsResponse.Type

/**
 * The answer of `addComment`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
 */
export const AddCommentResult = CommonSchema.open({ success: Schema.Boolean, commentId: Schema.String })
export type AddCommentResult = typeof AddCommentResult.Type

/**
 * The caller's rating of an item (`{}` when there is none).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
 */
export const Rating = CommonSchema.open({
  rating: Schema.optional(Schema.Number),
  created: Schema.optional(CommonSchema.EpochMillis),
})
export type Rating = typeof Rating.Type

/** `{"success": true}` and its variants. */
export const Success = CommonSchema.open({ success: Schema.Boolean })
export type Success = typeof Success.Type

/** An error reported inside a successful answer (bulk results, `canDelete`). */
export const InlineError = CommonSchema.open({
  code: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  messageCode: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  details: Schema.optional(Schema.NullOr(Schema.Array(Schema.Unknown))),
})
export type InlineError = typeof InlineError.Type

/**
 * The answer of single-item operations (`delete`, `protect`, `unprotect`, `canDelete`, `restore`,
 * `addPart`, `commit`, `update`): success, and the item's id under `itemId` or `id`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
 */
export const ItemOperationResult = CommonSchema.open({
  success: Schema.Boolean,
  itemId: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String),
  error: Schema.optional(InlineError),
})
export type ItemOperationResult = typeof ItemOperationResult.Type

/**
 * The answer of `addItem`: the new item's id and folder (or, for async adds, its status).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 */
export const AddItemResult = CommonSchema.open({
  success: Schema.optional(Schema.Boolean),
  id: Schema.optional(CommonSchema.ItemId),
  itemId: Schema.optional(CommonSchema.ItemId),
  folder: CommonSchema.optionalNullable(Schema.String),
  status: Schema.optional(Schema.String),
  statusMessage: Schema.optional(Schema.String),
})
export type AddItemResult = typeof AddItemResult.Type

/**
 * The answer of `move`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
 */
export const MoveResult = CommonSchema.open({
  success: Schema.Boolean,
  itemId: Schema.optional(Schema.String),
  owner: Schema.optional(Schema.String),
  folder: CommonSchema.optionalNullable(Schema.String),
})
export type MoveResult = typeof MoveResult.Type

/**
 * The answer of `share`: the groups the item could not be shared with.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
 */
export const ShareResult = CommonSchema.open({
  notSharedWith: Schema.Array(Schema.String),
  itemId: Schema.optional(Schema.String),
})
export type ShareResult = typeof ShareResult.Type

/**
 * The answer of `unshare`: the groups the item could not be unshared from.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
 */
export const UnshareResult = CommonSchema.open({
  notUnsharedFrom: Schema.Array(Schema.String),
  itemId: Schema.optional(Schema.String),
})
export type UnshareResult = typeof UnshareResult.Type

/**
 * One entry of a bulk operation's `results` (`shareItems`, `unshareItems`, `moveItems`): a failure
 * is reported here with `success: false` and an `error`, while the request as a whole succeeds.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
 */
export const BulkItemResult = CommonSchema.open({
  itemId: Schema.String,
  success: Schema.Boolean,
  notSharedWith: Schema.optional(Schema.Array(Schema.String)),
  notUnsharedFrom: Schema.optional(Schema.Array(Schema.String)),
  error: Schema.optional(InlineError),
})
export type BulkItemResult = typeof BulkItemResult.Type

/**
 * The answer of a bulk operation.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm
 */
export const BulkResult = CommonSchema.open({ results: Schema.Array(BulkItemResult) })
export type BulkResult = typeof BulkResult.Type

/**
 * The answer of `createFolder` and of a folder's `delete`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
 */
export const FolderResult = CommonSchema.open({ success: Schema.Boolean, folder: Schema.optional(Folder) })
export type FolderResult = typeof FolderResult.Type

/**
 * The status of an item's upload or of a publish/export/createService job. `status` is an open
 * set: `partial`, `processing`, `failed`, `completed`, and the `esriJob*` values publish jobs use.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 */
export const JobStatus = CommonSchema.open({
  status: Schema.String,
  statusMessage: Schema.optional(Schema.Unknown),
  itemId: Schema.optional(Schema.String),
})
export type JobStatus = typeof JobStatus.Type

/**
 * The multipart parts the portal holds for an uncommitted upload.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/parts.htm
 */
export const PartsResponse = CommonSchema.open({ parts: Schema.Array(Schema.Number) })
export type PartsResponse = typeof PartsResponse.Type

/**
 * One service a `publish` created (or the error that prevented it).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 */
export const PublishedService = CommonSchema.open({
  type: Schema.optional(Schema.String),
  serviceurl: Schema.optional(Schema.String),
  size: Schema.optional(Schema.Number),
  jobId: Schema.optional(Schema.String),
  serviceItemId: Schema.optional(Schema.String),
  encodedServiceURL: Schema.optional(Schema.String),
  error: Schema.optional(InlineError),
})
export type PublishedService = typeof PublishedService.Type

/** The answer of `publish`. */
export const PublishResponse = CommonSchema.open({ services: Schema.Array(PublishedService) })
export type PublishResponse = typeof PublishResponse.Type

/**
 * The answer of `export`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
 */
export const ExportResponse = CommonSchema.open({
  type: Schema.optional(Schema.String),
  size: Schema.optional(Schema.Number),
  jobId: Schema.optional(Schema.String),
  exportItemId: Schema.String,
  serviceItemId: Schema.optional(Schema.String),
  exportFormat: Schema.optional(Schema.String),
})
export type ExportResponse = typeof ExportResponse.Type

/**
 * The answer of `createService`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 */
export const CreateServiceResponse = CommonSchema.open({
  success: Schema.optional(Schema.Boolean),
  itemId: Schema.String,
  serviceItemId: Schema.optional(Schema.String),
  serviceurl: Schema.optional(Schema.String),
  encodedServiceURL: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  jobId: Schema.optional(Schema.String),
})
export type CreateServiceResponse = typeof CreateServiceResponse.Type

/**
 * Items related to an item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
 */
export const RelatedItemsResponse = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  relatedItems: Schema.Array(Item),
})
export type RelatedItemsResponse = typeof RelatedItemsResponse.Type

/**
 * An item's dependencies or dependents (the shape is not documented: kept as the portal sent it).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
 */
export const DependenciesResponse = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  list: Schema.optional(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))),
})
export type DependenciesResponse = typeof DependenciesResponse.Type

/**
 * Hosted proxies set on a registered app item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
 */
export const ProxiesResponse = CommonSchema.open({
  appProxies: Schema.Array(Schema.Record(Schema.String, Schema.Unknown)),
})
export type ProxiesResponse = typeof ProxiesResponse.Type

/**
 * The answer of `isServiceNameAvailable`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm
 */
export const ServiceNameAvailability = CommonSchema.open({ available: Schema.Boolean })
export type ServiceNameAvailability = typeof ServiceNameAvailability.Type

/**
 * The parts of `portals/self` the content API needs: the org id (search filter) and the user.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 */
export const PortalSelf = CommonSchema.PortalSelf
export type PortalSelf = typeof PortalSelf.Type

/**
 * The answer of `content/features/analyze`: suggested publish parameters for a CSV.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/analyze.htm
 */
export const AnalyzeResponse = CommonSchema.open({
  publishParameters: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
})
export type AnalyzeResponse = typeof AnalyzeResponse.Type

/**
 * The answer of `content/features/generate`: an in-memory feature collection.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
 */
export const GenerateResponse = CommonSchema.open({
  featureCollection: CommonSchema.open({
    layers: Schema.optional(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))),
  }),
})
export type GenerateResponse = typeof GenerateResponse.Type

/**
 * A service or layer description (`<url>?f=json`), kept whole.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/feature-service.htm
 */
export const ServiceProperties = Schema.Record(Schema.String, Schema.Unknown)
export type ServiceProperties = typeof ServiceProperties.Type
