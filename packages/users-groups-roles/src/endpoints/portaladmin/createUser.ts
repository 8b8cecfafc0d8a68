/**
 * `POST <portal>/portaladmin/security/users/createUser` — pre-creates a built-in or enterprise
 * account on ArcGIS Enterprise (Python `arcgis.gis.UserManager.create` on Enterprise). The path is
 * absolute: the Portal Admin API is not under `sharing/rest`. The password is `Redacted` and only
 * ever sent in the POST body. `level` (legacy) and `userLicenseTypeId` are sent only when given: the portal
 * derives the level from the role and user type.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 */
import { Endpoint } from "@arcgis-portal/core"
import type * as Redacted from "effect/Redacted"
import { AdminResult } from "../../UserSchema.ts"

export const createUser = Endpoint.make({
  rest: "createUser",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/portal/create-user",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly portalUrl: string
    readonly username: string
    readonly password: Redacted.Redacted<string> | undefined
    readonly firstname: string
    readonly lastname: string
    readonly email: string
    readonly description: string | undefined
    readonly role: string
    readonly provider: string
    readonly idpUsername: string | undefined
    readonly level: number | string | undefined
    readonly userLicenseTypeId: string | undefined
  }) => ({
    path: `${input.portalUrl}/portaladmin/security/users/createUser`,
    params: {
      username: input.username,
      password: input.password,
      firstname: input.firstname,
      lastname: input.lastname,
      email: input.email,
      description: input.description,
      role: input.role,
      provider: input.provider,
      idpUsername: input.idpUsername,
      level: input.level,
      userLicenseTypeId: input.userLicenseTypeId,
    },
  }),
  response: AdminResult,
})
