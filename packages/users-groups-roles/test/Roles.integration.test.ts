import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Roles from "../src/Roles.ts"
import * as Users from "../src/Users.ts"
import { as, unique } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

describe("Roles against the emulator", () => {
  it.live("all lists the pre-built Viewer and Data Editor roles", () =>
    Effect.gen(function* () {
      const roles = yield* Roles.Roles
      const ids = (yield* roles.all()).map((role) => role.id)
      expect(ids).toEqual(expect.arrayContaining(["iAAAAAAAAAAAAAAA", "iBBBBBBBBBBBBBBB"]))
      expect(yield* roles.exists("viewer")).toBe(true)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.admin))),
  )

  it.live("create with privileges, read them back, update, re-privilege, assign to a user, delete", () =>
    Effect.gen(function* () {
      const roles = yield* Roles.Roles
      const users = yield* Users.Users
      const name = unique("Editors")
      const role = yield* roles.create({
        name,
        description: "Edit features",
        privileges: ["features:user:edit", "portal:user:joinGroup"],
      })
      expect(role.name).toBe(name)
      expect([...(yield* roles.privileges(role))].sort()).toEqual(["features:user:edit", "portal:user:joinGroup"])
      expect(yield* roles.exists(name.toUpperCase())).toBe(true)
      expect((yield* roles.create({ name: name.toLowerCase(), description: "again" })).id).toBe(role.id)

      expect(yield* roles.update(role, { name: `${name}2`, description: "Edits and creates" })).toBe(true)
      const renamed = yield* roles.getRole(role.id)
      expect([renamed?.name, renamed?.description]).toEqual([`${name}2`, "Edits and creates"])

      expect(yield* roles.setPrivileges(role, ["features:user:edit", "portal:user:createItem"])).toBe(true)
      expect([...(yield* roles.privileges(role.id))].sort()).toEqual(["features:user:edit", "portal:user:createItem"])

      expect(yield* users.updateRole("viewer_one", role)).toBe(true)
      expect((yield* users.get("viewer_one"))?.roleId).toBe(role.id)
      expect(yield* users.updateRole("viewer_one", "org_viewer")).toBe(true)
      expect((yield* users.get("viewer_one"))?.roleId).toBe("iAAAAAAAAAAAAAAA")

      expect(yield* roles.delete(role)).toBe(true)
      expect(yield* roles.getRole(role.id)).toBeUndefined()
    }).pipe(Effect.provide(as(emulator, emulator.accounts.admin))),
  )

  it.live("a publisher creating a role is a PortalError Forbidden with GWM_0003", () =>
    Effect.gen(function* () {
      const roles = yield* Roles.Roles
      const error = yield* Effect.flip(
        Effect.flatMap(roles.all(), () => roles.create({ name: unique("Sneaky"), description: "no" })),
      )
      expect(error._tag === "PortalError" && [error.reason, error.code, error.messageCode]).toEqual([
        "Forbidden",
        403,
        "GWM_0003",
      ])
    }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher))),
  )
})
