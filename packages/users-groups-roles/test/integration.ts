import { type AuthStrategy, Portal, type PortalError } from "@arcgis-portal/core"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Groups from "../src/Groups.ts"
import * as Roles from "../src/Roles.ts"
import * as Users from "../src/Users.ts"

/** generateToken with a Redacted password, like packages/core/test/Portal.integration.test.ts. */
export const signIn = (account: {
  readonly username: string
  readonly password: string
}): AuthStrategy.AuthStrategy => ({
  name: "integration-builtInUser",
  acquire: (context) =>
    Effect.flatMap(
      context.send({
        operation: "Test.generateToken",
        method: "POST",
        path: "generateToken",
        params: {
          username: account.username,
          password: Redacted.make(account.password),
          client: "referer",
          referer: "users-groups-roles-tests",
        },
      }),
      (body) =>
        Effect.map(
          Schema.decodeUnknownEffect(Schema.Struct({ token: Schema.String, expires: Schema.Number }))(body),
          (grant) => ({ token: Redacted.make(grant.token), expires: grant.expires }),
        ),
    ).pipe(Effect.orDie),
})

export type Services = Users.Users | Groups.Groups | Roles.Roles

/** Users, Groups and Roles signed in as `account` on the emulator. */
export const as = (
  emulator: EmulatorHandle,
  account: { readonly username: string; readonly password: string },
): Layer.Layer<Services, PortalError.InvalidInput> =>
  Layer.mergeAll(Users.layer, Groups.layer, Roles.layer).pipe(
    Layer.provide(Portal.layer({ url: emulator.url, auth: signIn(account) })),
  )

/** A small PNG-like payload (the emulator stores bytes as given). */
export const thumbnailBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

/** A name unique to this run, within the 6–24 character username rule. */
export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 8)}`
