/**
 * `POST community/users/<u>/reset` — changes a built-in user's password and/or security question
 * (Python `arcgis.gis.User.reset`). Passwords and the answer are `Redacted`: POST body only.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import type * as Redacted from "effect/Redacted"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const resetUser = Endpoint.make({
  rest: "reset",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly username: string
    readonly password: Redacted.Redacted<string>
    readonly newPassword?: Redacted.Redacted<string> | undefined
    readonly newSecurityQuestionIdx?: number | undefined
    readonly newSecurityAnswer?: Redacted.Redacted<string> | undefined
  }) => ({
    path: `community/users/${segment(input.username)}/reset`,
    params: {
      password: input.password,
      newPassword: input.newPassword,
      newSecurityQuestionIdx: input.newSecurityQuestionIdx,
      newSecurityAnswer: input.newSecurityAnswer,
    },
  }),
  response: UserOperationResult,
})
