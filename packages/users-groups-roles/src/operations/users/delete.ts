/**
 * `Users.delete` and `Users.reassignTo` (Python `User.delete(reassign_to)`, `User.reassign_to`): `reassign`, then
 * (for `delete`) `delete` — nothing deleted when the reassignment did not succeed.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
 */
import * as Effect from "effect/Effect"
import { deleteUser } from "../../endpoints/users/deleteUser.ts"
import { reassignUser } from "../../endpoints/users/reassignUser.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { checkUsername } from "../../internal/references.ts"
import { succeeded } from "../../UserSchema.ts"
import type { UsersShape } from "../../Users.ts"
import type { UserReference } from "../../UsersOptions.ts"

/** `Users.reassignTo`: both usernames checked, then `reassign`. */
export const reassignTo = (context: ServiceContext): UsersShape["reassignTo"] =>
  Effect.fn("Users.reassignTo")(function* (user: UserReference, target: UserReference) {
    const username = yield* checkUsername("Users.reassignTo", user)
    const targetUsername = yield* checkUsername("Users.reassignTo", target, "target")
    return succeeded(yield* context.call(reassignUser, "Users.reassignTo", { username, targetUsername }))
  })

/** `Users.delete`: with `reassignTo`, `reassign` first (`false`, nothing deleted, when it fails); then `delete`. */
export const remove = (context: ServiceContext): UsersShape["delete"] =>
  Effect.fn("Users.delete")(function* (
    user: UserReference,
    options: { readonly reassignTo?: UserReference | undefined } = {},
  ) {
    const username = yield* checkUsername("Users.delete", user)
    if (options.reassignTo !== undefined) {
      const targetUsername = yield* checkUsername("Users.delete", options.reassignTo, "reassignTo")
      const moved = succeeded(yield* context.call(reassignUser, "Users.delete", { username, targetUsername }))
      if (!moved) return false
    }
    return succeeded(yield* context.call(deleteUser, "Users.delete", { username }))
  })
