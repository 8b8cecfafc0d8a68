/**
 * The one-request user operations: `Users.signup`, `update`, `reset`, `disable` and `enable` (Python
 * `UserManager.signup`, `User.update`, `User.reset`, `User.disable`, `User.enable`) — the username checked, then one
 * `community/users/<u>/…` call read as `success`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/signup.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { disableUser } from "../../endpoints/users/disableUser.ts"
import { enableUser } from "../../endpoints/users/enableUser.ts"
import { resetUser } from "../../endpoints/users/resetUser.ts"
import { signUp } from "../../endpoints/users/signUp.ts"
import { updateUser } from "../../endpoints/users/updateUser.ts"
import { filePart, type ServiceContext } from "../../internal/context.ts"
import { checkUsername } from "../../internal/references.ts"
import { succeeded } from "../../UserSchema.ts"
import type { UsersShape } from "../../Users.ts"
import type { UserReference } from "../../UsersOptions.ts"

/** `Users.signup`: `community/signUp`. */
export const signup =
  (context: ServiceContext): UsersShape["signup"] =>
  (options) =>
    Effect.flatMap(checkUsername("Users.signup", options.username), (username) =>
      Effect.map(
        context.call(signUp, "Users.signup", {
          username,
          password: options.password,
          fullname: options.fullname,
          email: options.email,
        }),
        succeeded,
      ),
    )

/** `Users.update`: `update` with only the properties given (`preferredView: null` sent as `"null"`). */
export const update =
  (context: ServiceContext): UsersShape["update"] =>
  (user, options) =>
    Effect.flatMap(checkUsername("Users.update", user), (username) =>
      Effect.map(
        context.call(updateUser, "Users.update", {
          username,
          params: {
            access: options.access,
            preferredView: options.preferredView === null ? "null" : options.preferredView,
            description: options.description,
            tags: options.tags,
            fullname: options.fullname,
            email: options.email,
            culture: options.culture,
            region: options.region,
          },
          thumbnail: options.thumbnail ? filePart(options.thumbnail, "thumbnail.png") : undefined,
        }),
        succeeded,
      ),
    )

/** `Users.reset`: `reset` (the passwords and the answer travel as secrets). */
export const reset =
  (context: ServiceContext): UsersShape["reset"] =>
  (user, options) =>
    Effect.flatMap(checkUsername("Users.reset", user), (username) =>
      Effect.map(
        context.call(resetUser, "Users.reset", {
          username,
          password: options.password,
          newPassword: options.newPassword,
          newSecurityQuestionIdx: options.newSecurityQuestion,
          newSecurityAnswer: options.newSecurityAnswer,
        }),
        succeeded,
      ),
    )

/** The endpoint given, on the user (`disable`, `enable`). */
const simple =
  (context: ServiceContext, endpoint: typeof disableUser, operation: string) =>
  (user: UserReference): Effect.Effect<boolean, PortalError.PortalFailure> =>
    Effect.flatMap(checkUsername(operation, user), (username) =>
      Effect.map(context.call(endpoint, operation, { username }), succeeded),
    )

/** `Users.disable`: `disable`. */
export const disable = (context: ServiceContext): UsersShape["disable"] => simple(context, disableUser, "Users.disable")

/** `Users.enable`: `enable`. */
export const enable = (context: ServiceContext): UsersShape["enable"] => simple(context, enableUser, "Users.enable")
