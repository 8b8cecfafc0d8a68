/**
 * `Users.get`, `Users.me` and `Users.notifications` (Python `UserManager.get`, `UserManager.me`,
 * `User.notifications`): the username checked, then `community/users/<u>` (for `me`, the username `portals/self`
 * names) or its `notifications` — "does not exist or is inaccessible" read as `undefined`, as Python returns `None`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
 */
import * as Effect from "effect/Effect"
import { notifications as notificationsEndpoint } from "../../endpoints/users/notifications.ts"
import { user as userEndpoint } from "../../endpoints/users/user.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkUsername } from "../../internal/references.ts"
import type { UsersShape } from "../../Users.ts"

/** `Users.get`: `community/users/<u>`, `undefined` when the user does not exist or is not visible. */
export const get =
  (context: ServiceContext): UsersShape["get"] =>
  (username) =>
    Effect.flatMap(checkUsername("Users.get", username), (name) =>
      orUndefined(context.call(userEndpoint, "Users.get", { username: name })),
    )

/** `Users.me`: the user `portals/self` names, `undefined` when anonymous. */
export const me =
  (context: ServiceContext): UsersShape["me"] =>
  () =>
    Effect.flatMap(context.self("Users.me"), (self) =>
      self.user?.username
        ? orUndefined(context.call(userEndpoint, "Users.me", { username: self.user.username }))
        : Effect.succeed(undefined),
    )

/** `Users.notifications`: `community/users/<u>/notifications`. */
export const notifications =
  (context: ServiceContext): UsersShape["notifications"] =>
  (user) =>
    Effect.flatMap(checkUsername("Users.notifications", user), (username) =>
      Effect.map(
        context.call(notificationsEndpoint, "Users.notifications", { username }),
        (result) => result.notifications,
      ),
    )
