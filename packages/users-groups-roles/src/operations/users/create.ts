/**
 * `Users.create` (Python `UserManager.create`): on ArcGIS Enterprise (`portals/self` says `isPortal: true`) the Portal
 * Admin API's `createUser`, on ArcGIS Online `portals/self/invite`; then the thumbnail (`update`) and the new user.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { createUser } from "../../endpoints/portaladmin/createUser.ts"
import { inviteUsers } from "../../endpoints/portals/inviteUsers.ts"
import { user as userEndpoint } from "../../endpoints/users/user.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkUsername } from "../../internal/references.ts"
import type { UsersShape } from "../../Users.ts"
import type { CreateOptions } from "../../UsersOptions.ts"
import { update } from "./account.ts"
import { roleKey } from "./role.ts"

/** The portal answered, but neither created nor invited the user: not a success to hand back as `undefined`. */
const notCreated = (operation: string, path: string, username: string, details: ReadonlyArray<string>) =>
  Effect.fail(
    new PortalError.PortalError({
      reason: "InvalidRequest",
      code: 400,
      messageCode: undefined,
      message: `The portal neither created nor invited the user ${username}.`,
      details,
      operation,
      request: { method: "POST", path },
      retryAfter: undefined,
    }),
  )

/** `Users.create`: `createUser` or `invite`, the thumbnail, then the user (`undefined` while only invited). */
export const create = (context: ServiceContext): UsersShape["create"] => {
  const setThumbnail = update(context)
  return Effect.fn("Users.create")(function* (options: CreateOptions) {
    const operation = "Users.create"
    const username = yield* checkUsername(operation, options.username)
    const self = yield* context.self(operation)
    const role = roleKey(options.role ?? "org_user")
    const provider = options.provider ?? "arcgis"
    if (self.isPortal === true) {
      if (provider === "arcgis" && options.password === undefined) {
        return yield* new PortalError.InvalidInput({
          operation,
          field: "password",
          message: "A built-in (arcgis) account on ArcGIS Enterprise needs a password.",
        })
      }
      if (provider === "enterprise" && !options.idpUsername) {
        return yield* new PortalError.InvalidInput({
          operation,
          field: "idpUsername",
          message: "An enterprise account needs its idpUsername.",
        })
      }
      const result = yield* context.call(createUser, operation, {
        portalUrl: context.portal.portalUrl,
        username,
        password: provider === "arcgis" ? options.password : undefined,
        firstname: options.firstname,
        lastname: options.lastname,
        email: options.email,
        description: options.description,
        role,
        provider,
        idpUsername: options.idpUsername,
        level: options.level,
        userLicenseTypeId: options.userLicenseTypeId,
      })
      if (result.status !== undefined && result.status !== "success") {
        return yield* notCreated(operation, "portaladmin/security/users/createUser", username, [
          `createUser answered status '${result.status}'.`,
        ])
      }
    } else {
      // The invitation list is JSON holding the password: it travels as one secret, in the body only.
      const invitation = {
        username,
        firstname: options.firstname,
        lastname: options.lastname,
        fullname: `${options.firstname} ${options.lastname}`,
        email: options.email,
        role,
        ...(options.level === undefined ? {} : { level: String(options.level) }),
        ...(options.userLicenseTypeId === undefined ? {} : { userLicenseType: options.userLicenseTypeId }),
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.password === undefined ? {} : { password: Redacted.value(options.password) }),
      }
      const result = yield* context.call(inviteUsers, operation, {
        invitationList: Redacted.make(JSON.stringify({ invitations: [invitation] })),
        subject: options.subject,
        html: options.html,
      })
      if (result.success === false || (result.notInvited ?? []).includes(username)) {
        return yield* notCreated(operation, "portals/self/invite", username, [
          result.success === false ? "The invitation failed." : `The portal did not invite ${username}.`,
        ])
      }
    }
    if (options.thumbnail !== undefined) yield* setThumbnail(username, { thumbnail: options.thumbnail })
    return yield* orUndefined(context.call(userEndpoint, operation, { username }))
  })
}
