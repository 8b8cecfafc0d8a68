/** Sign-in and layers for tests against a running emulator. */
import type { Auth, PortalError, Transport } from "@arcgis-portal/core"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { Content, Items } from "../src/index.ts"

export interface Account {
  readonly username: string
  readonly password: string
}

export const publisherAccount: Account = { username: "publisher_one", password: "publisher-pass-local" }
export const userAccount: Account = { username: "user_one", password: "user-pass-local" }

/** generateToken with a Redacted password. */
export const signIn = (account: Account): AuthStrategy.AuthStrategy => ({
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
          referer: "content-tests",
        },
      }),
      (body) =>
        Effect.map(
          Schema.decodeUnknownEffect(Schema.Struct({ token: Schema.String, expires: Schema.Number }))(body),
          (grant) => ({ token: Redacted.make(grant.token), expires: grant.expires }),
        ),
    ).pipe(Effect.orDie),
})

/**
 * Content, Items and the Portal/Transport underneath, signed in as `account`. Fresh: provided
 * inside a program that already has another user's layer, it does not reuse that user's services
 * (Effect shares built layers through the fiber's memo map).
 */
export const layerFor = (
  emulator: EmulatorHandle,
  account: Account,
  fetch?: typeof globalThis.fetch,
): Layer.Layer<
  Content.Content | Items.Items | Portal.Portal | Auth.Auth | Transport.Transport,
  PortalError.InvalidInput
> =>
  Layer.fresh(
    Layer.mergeAll(Content.layer, Items.layer).pipe(
      Layer.provideMerge(Portal.layer({ url: emulator.url, auth: signIn(account), fetch })),
    ),
  )

/** How many requests the emulator saw whose path ends with `suffix`. */
export const sent = (emulator: EmulatorHandle, suffix: string) =>
  emulator.requestLog().filter((entry) => entry.path.endsWith(suffix)).length
