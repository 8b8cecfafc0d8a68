// `@arcgis-portal/users-groups-roles/operations` against the emulator: a few representative functions, provided with
// nothing but `Portal.layer({ url, auth })` — a user read, a group search, a group's whole life, a role's whole life
// given to a user, and the portal's refusal as the same typed error the services give.
import { Portal } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import {
  addGroupUsers,
  createGroup,
  createRole,
  deleteGroup,
  deleteRole,
  getGroup,
  getGroupMembers,
  getRole,
  getUser,
  me,
  rolePrivileges,
  searchAllUsers,
  searchGroups,
  updateGroup,
  updateUserRole,
} from "../src/operations-entry/index.ts"
import { signIn, unique } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

/** `Portal.layer` alone, signed in as `account`: all the functions require. */
const portalAs = (account: { readonly username: string; readonly password: string }) =>
  Portal.layer({ url: emulator.url, auth: signIn(account) })

describe("the operations entry against the emulator", () => {
  it.live("getUser and me read users; getUser of an unknown user is undefined; searchAllUsers streams", () =>
    Effect.gen(function* () {
      expect((yield* me())?.username).toBe("publisher_one")
      const user = yield* getUser("user_one")
      expect(user?.username).toBe("user_one")
      expect(yield* getUser("nobody_at_all")).toBeUndefined()
      expect(yield* Stream.runCollect(searchAllUsers({ maxItems: 2 }))).toHaveLength(2)
    }).pipe(Effect.provide(portalAs(emulator.accounts.publisher))),
  )

  it.live("searchGroups finds the seeded groups within the org", () =>
    Effect.gen(function* () {
      const found = yield* searchGroups({ query: 'title:"Public Maps"' })
      expect(found.map((group) => [group.title, group.owner])).toEqual([["Public Maps", "publisher_one"]])
      const all = (yield* searchGroups()).map((group) => group.title)
      expect(all).toEqual(expect.arrayContaining(["Public Maps", "Field Operations"]))
    }).pipe(Effect.provide(portalAs(emulator.accounts.publisher))),
  )

  it.live("createGroup, updateGroup, addGroupUsers, getGroup, deleteGroup: a group's whole life", () =>
    Effect.gen(function* () {
      const title = unique("Crew")
      const group = yield* createGroup({ title, tags: ["crew", "ops-entry"], access: "org" })
      expect([group.title, group.owner, group.access]).toEqual([title, "publisher_one", "org"])
      expect(yield* updateGroup(group, { snippet: "Short", isInvitationOnly: true })).toBe(true)
      const updated = yield* getGroup(group.id)
      expect([updated?.snippet, updated?.isInvitationOnly]).toEqual(["Short", true])
      expect((yield* addGroupUsers(group, ["user_one", "nobody_at_all"])).notAdded).toEqual(["nobody_at_all"])
      expect((yield* getGroupMembers(group)).users).toContain("user_one")
      expect(yield* deleteGroup(group)).toBe(true)
      expect(yield* getGroup(group.id)).toBeUndefined()
    }).pipe(Effect.provide(portalAs(emulator.accounts.publisher))),
  )

  it.live("createRole with privileges, read back, given to a user and taken back, deleteRole", () =>
    Effect.gen(function* () {
      const name = unique("Editors")
      const role = yield* createRole({ name, description: "Edit features", privileges: ["features:user:edit"] })
      expect(role.name).toBe(name)
      expect(yield* rolePrivileges(role)).toEqual(["features:user:edit"])
      expect(yield* updateUserRole("viewer_one", role)).toBe(true)
      expect((yield* getUser("viewer_one"))?.roleId).toBe(role.id)
      expect(yield* updateUserRole("viewer_one", "org_viewer")).toBe(true)
      expect(yield* deleteRole(role)).toBe(true)
      expect(yield* getRole(role.id)).toBeUndefined()
    }).pipe(Effect.provide(portalAs(emulator.accounts.admin))),
  )

  it.live("a viewer deleting someone else's group: PortalError Forbidden with GWM_0003, named Groups.delete", () =>
    Effect.gen(function* () {
      const [publicMaps] = yield* searchGroups({ query: 'title:"Public Maps"' })
      expect(publicMaps).toBeDefined()
      const error = yield* Effect.flip(deleteGroup(publicMaps!))
      expect(error).toMatchObject({ _tag: "PortalError", reason: "Forbidden", code: 403, messageCode: "GWM_0003" })
      expect(error.operation).toBe("Groups.delete")
      expect((yield* getGroup(publicMaps!.id))?.title).toBe("Public Maps")
    }).pipe(Effect.provide(portalAs(emulator.accounts.viewer))),
  )
})
