/** Sign-in and layers for tests against a running emulator. */
import type { Auth, AuthStrategy, PortalError, Transport } from "@arcgis-portal/core"
import { Portal } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Layer from "effect/Layer"
import { Content, Items } from "../src/index.ts"

export interface Account {
  readonly username: string
  readonly password: string
}

export const publisherAccount: Account = { username: "publisher_one", password: "publisher-pass-local" }
export const userAccount: Account = { username: "user_one", password: "user-pass-local" }

/** generateToken as `account`, bound to a referer. */
export const signIn = (account: Account): AuthStrategy.AuthStrategy =>
  SignIn.generateToken(account, { referer: "content-tests" })

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
