/**
 * The one-request operations of `Content` and `Items` that need no orchestration of their own — `Content.get`,
 * `Content.isServiceNameAvailable`, `Items.move`, `Items.protect`, `Items.proxies`, `Items.reassignTo`,
 * `Items.status`, `Items.homepage` — each a check and one endpoint call over the content context, shared by the
 * functions of `@arcgis-portal/content/operations`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import { isServiceNameAvailable as isServiceNameAvailableEndpoint } from "../endpoints/portals/isServiceNameAvailable.ts"
import { moveItem } from "../endpoints/users/moveItem.ts"
import { protect as protectEndpoint } from "../endpoints/users/protect.ts"
import { proxies as proxiesEndpoint } from "../endpoints/users/proxies.ts"
import { reassignItem } from "../endpoints/users/reassignItem.ts"
import { status as statusEndpoint } from "../endpoints/users/status.ts"
import { unprotect } from "../endpoints/users/unprotect.ts"
import type { ItemsShape } from "../Items.ts"
import type { ContentContext } from "../internal/context.ts"
import { checked, checkFolder, checkOwner } from "../internal/validate.ts"
import { serviceTypeName } from "./services.ts"

/** `Content.get`: the item, `undefined` when it does not exist or the caller may not see it. */
export const get =
  (context: ContentContext): ContentShape["get"] =>
  (id) =>
    PortalError.orUndefined(context.item("Content.get", id))

/** `Content.isServiceNameAvailable`: `isServiceNameAvailable`'s `available`. */
export const isServiceNameAvailable =
  (context: ContentContext): ContentShape["isServiceNameAvailable"] =>
  (name, type) =>
    Effect.map(
      context.call(isServiceNameAvailableEndpoint, "Content.isServiceNameAvailable", {
        name,
        type: serviceTypeName(type),
      }),
      (result) => result.available,
    )

/** `Items.move`: the folder (name or id) resolved for the item's owner, then `moveItem` (`/` for the root). */
export const move =
  (context: ContentContext): ItemsShape["move"] =>
  (item, folder) =>
    checked("Items.move", item, () => checkFolder("Items.move", folder)).pipe(
      Effect.andThen(context.folderId("Items.move", item.owner, folder)),
      Effect.flatMap((folderId) => context.call(moveItem, "Items.move", { item, folder: folderId ?? "/" })),
    )

/** `Items.protect`: `protect`, or `unprotect` when `enable` is `false`. */
export const protect =
  (context: ContentContext): ItemsShape["protect"] =>
  (item, enable = true) =>
    checked("Items.protect", item, () =>
      Effect.map(
        context.call(enable ? protectEndpoint : unprotect, "Items.protect", { item }),
        (result) => result.success,
      ),
    )

/** `Items.proxies`: the item's app proxies. */
export const proxies =
  (context: ContentContext): ItemsShape["proxies"] =>
  (item) =>
    checked("Items.proxies", item, () =>
      Effect.map(context.call(proxiesEndpoint, "Items.proxies", { item }), (result) => result.appProxies),
    )

/** `Items.reassignTo`: `reassignItem` to another owner (and folder, the root by default). */
export const reassignTo =
  (context: ContentContext): ItemsShape["reassignTo"] =>
  (item, targetOwner, targetFolder) =>
    checked("Items.reassignTo", item, () =>
      Effect.andThen(
        Effect.andThen(
          checkOwner("Items.reassignTo", targetOwner),
          checkFolder("Items.reassignTo", targetFolder, "targetFolder"),
        ),
        Effect.map(
          context.call(reassignItem, "Items.reassignTo", {
            item,
            targetUsername: targetOwner,
            targetFolderName: targetFolder ?? "/",
          }),
          (result) => result.success,
        ),
      ),
    )

/** `Items.status`: the item's `status` (an upload's when no job type is given). */
export const status =
  (context: ContentContext): ItemsShape["status"] =>
  (item, options = {}) =>
    checked("Items.status", item, () =>
      context.call(statusEndpoint, "Items.status", {
        item,
        jobId: options.jobId,
        jobType: options.jobType === "upload" ? undefined : options.jobType,
      }),
    )

/** `Items.homepage`: `<portalUrl>/home/item.html?id=<id>`. */
export const homepage =
  (context: ContentContext): ItemsShape["homepage"] =>
  (item) =>
    `${context.portal.portalUrl}/home/item.html?id=${encodeURIComponent(item.id)}`
