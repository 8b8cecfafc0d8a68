import { builtInUser } from "@arcgis-portal/auth-token"
import type { AuthStrategy } from "@arcgis-portal/core"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Redacted from "effect/Redacted"

export const publisher = (
  emulator: EmulatorHandle,
  password = emulator.accounts.publisher.password,
): AuthStrategy.AuthStrategy =>
  builtInUser({ username: emulator.accounts.publisher.username, password: Redacted.make(password) })

export const count = (emulator: EmulatorHandle, suffix: string) =>
  emulator.requestLog().filter((entry) => entry.path.endsWith(suffix)).length

export const signIn = (
  _: EmulatorHandle,
  account: { readonly username: string; readonly password: string },
): AuthStrategy.AuthStrategy => builtInUser({ username: account.username, password: Redacted.make(account.password) })
