/**
 * `Groups.create` and `Groups.createFromDict` (Python `GroupManager.create`, `create_from_dict`): `createGroup` with
 * the Python defaults, or with the given group JSON less the fields the portal sets itself.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 */
import type { PortalRequest } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { createGroup } from "../../endpoints/groups/createGroup.ts"
import type { GroupsShape } from "../../Groups.ts"
import { type FileInput, filePart, type ServiceContext } from "../../internal/context.ts"

/** Fields of a group's JSON the portal sets itself: `createFromDict` does not send them. */
const serverFields = new Set(["id", "owner", "orgId", "created", "modified", "userMembership", "thumbnail"])

const isParamValue = (value: unknown): value is PortalRequest.ParamValue =>
  value === null || ["string", "number", "boolean", "object"].includes(typeof value)

/** `createGroup` with these parameters and thumbnail; the new group. */
const created = (
  context: ServiceContext,
  operation: string,
  params: PortalRequest.Params,
  thumbnail: FileInput | undefined,
) =>
  Effect.map(
    context.call(createGroup, operation, {
      params,
      thumbnail: thumbnail === undefined ? undefined : filePart(thumbnail, "thumbnail.png"),
    }),
    (result) => result.group,
  )

/** `Groups.create`: `createGroup` with the Python defaults (`public`, `avgRating`, `desc`). */
export const create =
  (context: ServiceContext): GroupsShape["create"] =>
  (options) =>
    created(
      context,
      "Groups.create",
      {
        title: options.title,
        tags: options.tags,
        description: options.description,
        snippet: options.snippet,
        access: options.access ?? "public",
        isInvitationOnly: options.isInvitationOnly ?? false,
        sortField: options.sortField ?? "avgRating",
        sortOrder: options.sortOrder ?? "desc",
        isViewOnly: options.isViewOnly ?? false,
        autoJoin: options.autoJoin ?? false,
        phone: options.phone,
        providerGroupName: options.providerGroupName,
        provider: options.providerGroupName === undefined ? undefined : "enterprise",
      },
      options.thumbnail,
    )

/** `Groups.createFromDict`: `createGroup` with the properties the portal takes (not `id`, `owner`, dates…). */
export const createFromDict =
  (context: ServiceContext): GroupsShape["createFromDict"] =>
  (properties, thumbnail) => {
    const params: Record<string, PortalRequest.ParamValue> = {}
    for (const [key, value] of Object.entries(properties)) {
      if (!serverFields.has(key) && isParamValue(value)) params[key] = value
    }
    return created(context, "Groups.createFromDict", params, thumbnail)
  }
