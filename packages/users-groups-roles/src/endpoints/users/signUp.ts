/**
 * `POST community/signUp` — self sign-up on a Portal for ArcGIS that allows it (Python
 * `arcgis.gis.UserManager.signup`). The password is `Redacted`: POST body only.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/signup.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import type * as Redacted from "effect/Redacted"
import { UserOperationResult } from "../../UserSchema.ts"

export const signUp = Endpoint.make({
  rest: "signUp",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/signup.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly username: string
    readonly password: Redacted.Redacted<string>
    readonly fullname: string
    readonly email: string
  }) => ({
    path: "community/signUp",
    params: { username: input.username, password: input.password, fullname: input.fullname, email: input.email },
    credentials: "none",
  }),
  response: UserOperationResult,
})
