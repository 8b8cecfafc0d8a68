/**
 * `Resources.remove` (Python `ResourceManager.remove`): one resource by its full path, or every resource of the item
 * with `{ deleteAll: true }`, through the owner's `removeResources`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
 */
import * as Effect from "effect/Effect"
import { removeResources } from "../endpoints/users/removeResources.ts"
import { invalid, owned, type ResourcesContext } from "../internal/context.ts"
import { checkPath } from "../internal/validation.ts"
import type { ResourcesShape } from "../Resources.ts"
import type { ItemReference, RemoveTarget } from "../ResourcesOptions.ts"

/** `Resources.remove`: the path checked (or `deleteAll` confirmed), the owner found, then `removeResources`. */
export const remove = (context: ResourcesContext): ResourcesShape["remove"] =>
  Effect.fn("Resources.remove")(function* (item: ItemReference, target: RemoveTarget) {
    const resource = typeof target === "string" ? yield* checkPath("Resources.remove", "file", target) : undefined
    if (typeof target !== "string" && target.deleteAll !== true) {
      return yield* Effect.fail(
        invalid("Resources.remove", "file", "Name the resource to remove, or pass { deleteAll: true }."),
      )
    }
    const owner = yield* owned(context, "Resources.remove", item)
    const result = yield* context.call(removeResources, "Resources.remove", {
      ...owner,
      resource,
      deleteAll: resource === undefined,
    })
    return result.success
  })
