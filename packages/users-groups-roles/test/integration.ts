import { type AuthStrategy, Portal, type PortalError } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Layer from "effect/Layer"
import * as Groups from "../src/Groups.ts"
import * as Roles from "../src/Roles.ts"
import * as Users from "../src/Users.ts"

/** generateToken as `account`, bound to a referer. */
export const signIn = (account: SignIn.Account): AuthStrategy.AuthStrategy =>
  SignIn.generateToken(account, { referer: "users-groups-roles-tests" })

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
