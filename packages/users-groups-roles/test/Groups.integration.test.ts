import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Groups from "../src/Groups.ts"
import * as Users from "../src/Users.ts"
import { as, thumbnailBytes, unique } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const findGroup = (title: string) =>
  Effect.flatMap(Groups.Groups, (groups) =>
    Effect.map(groups.search({ query: `title:"${title}"` }), (found) => {
      const group = found.find((entry) => entry.title === title)
      if (group === undefined) throw new Error(`seeded group ${title} not found`)
      return group
    }),
  )

describe("Groups against the emulator", () => {
  it.live("search finds the seeded groups; get by id; get of an unknown id is undefined", () =>
    Effect.gen(function* () {
      const groups = yield* Groups.Groups
      const publicMaps = yield* findGroup("Public Maps")
      expect(publicMaps.owner).toBe("publisher_one")
      expect((yield* groups.get(publicMaps.id))?.title).toBe("Public Maps")
      expect(yield* groups.get("0123456789abcdef0123456789abcdef")).toBeUndefined()
      const all = yield* Stream.runCollect(groups.searchAll())
      expect(all.map((group) => group.title)).toEqual(expect.arrayContaining(["Public Maps", "Field Operations"]))
      const members = yield* groups.getMembers(publicMaps)
      expect(members.owner).toBe("publisher_one")
      expect(members.admins).toContain("publisher_one")
      expect(Array.isArray(yield* groups.content(publicMaps))).toBe(true)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher))),
  )

  it.live("create with a thumbnail, update, add and remove members, reassign, delete", () =>
    Effect.gen(function* () {
      const groups = yield* Groups.Groups
      const title = unique("Crew")
      const group = yield* groups.create({
        title,
        tags: ["crew", "tests"],
        description: "Created by the integration tests",
        access: "org",
        thumbnail: new File([thumbnailBytes], "crew.png", { type: "image/png" }),
      })
      expect(group.title).toBe(title)
      expect(group.owner).toBe("publisher_one")
      expect(group.tags).toEqual(["crew", "tests"])
      expect(Array.from((yield* groups.getThumbnail(group.id)) ?? [])).toEqual(Array.from(thumbnailBytes))
      expect(yield* groups.getThumbnailLink(group.id)).toContain(`/community/groups/${group.id}/info/`)

      expect(yield* groups.update(group, { snippet: "Short", isInvitationOnly: true })).toBe(true)
      const updated = yield* groups.get(group.id)
      expect([updated?.snippet, updated?.isInvitationOnly]).toEqual(["Short", true])

      const added = yield* groups.addUsers(group, ["user_one", "viewer_one", "nobody_at_all"])
      expect(added.notAdded).toEqual(["nobody_at_all"])
      expect((yield* groups.getMembers(group)).users).toEqual(expect.arrayContaining(["user_one", "viewer_one"]))

      const removed = yield* groups.removeUsers(group, ["viewer_one"])
      expect(removed.notRemoved).toEqual([])
      expect((yield* groups.getMembers(group)).users).not.toContain("viewer_one")

      return group
    }).pipe(
      Effect.provide(as(emulator, emulator.accounts.publisher)),
      // Reassigning a group is an org admin's privilege (portal:admin:reassignGroups).
      Effect.flatMap((group) =>
        Effect.gen(function* () {
          const groups = yield* Groups.Groups
          expect(yield* groups.reassignTo(group, "user_one")).toBe(true)
          expect((yield* groups.get(group.id))?.owner).toBe("user_one")
          expect(yield* groups.delete(group)).toBe(true)
          expect(yield* groups.get(group.id)).toBeUndefined()
        }).pipe(Effect.provide(as(emulator, emulator.accounts.admin))),
      ),
    ),
  )

  it.live("addUsers with 27 users sends two batches the portal accepts", () =>
    Effect.gen(function* () {
      const usernames = Array.from({ length: 27 }, (_, index) => unique(`member${index}`))
      yield* Effect.forEach(
        usernames,
        (username) =>
          Effect.flatMap(Users.Users, (users) =>
            users.create({
              username,
              password: Redacted.make("member-pass-123"),
              firstname: "Member",
              lastname: username,
              email: `${username}@example.com`,
            }),
          ),
        { concurrency: 4 },
      )
      const groups = yield* Groups.Groups
      const group = yield* groups.create({ title: unique("Big group"), tags: "big", access: "org" })
      emulator.clearRequestLog()
      const added = yield* groups.addUsers(group, usernames)
      expect(added.notAdded).toEqual([])
      expect(emulator.requestLog().filter((entry) => entry.path.endsWith("/addUsers"))).toHaveLength(2)
      expect((yield* groups.getMembers(group)).users).toEqual(expect.arrayContaining(usernames))
      const removed = yield* groups.removeUsers(group, usernames)
      expect(removed.notRemoved).toEqual([])
      expect(yield* groups.delete(group)).toBe(true)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.admin))),
  )

  it.live("join creates an application the owner accepts or declines; members can leave", () =>
    Effect.gen(function* () {
      const group = yield* Effect.flatMap(Groups.Groups, (groups) =>
        groups.create({ title: unique("Open group"), tags: "open", access: "org" }),
      ).pipe(Effect.provide(as(emulator, emulator.accounts.publisher)))

      for (const account of [emulator.accounts.user, emulator.accounts.viewer]) {
        const joined = yield* Effect.flatMap(Groups.Groups, (groups) => groups.join(group)).pipe(
          Effect.provide(as(emulator, account)),
        )
        expect(joined).toBe(true)
      }

      yield* Effect.gen(function* () {
        const groups = yield* Groups.Groups
        const applications = (yield* groups.applications(group)).map((application) => application.username)
        expect(applications).toEqual(expect.arrayContaining(["user_one", "viewer_one"]))
        expect(yield* groups.acceptApplication(group, "user_one")).toBe(true)
        expect(yield* groups.declineApplication(group, "viewer_one")).toBe(true)
        const members = yield* groups.getMembers(group)
        expect(members.users).toContain("user_one")
        expect(members.users).not.toContain("viewer_one")
        expect(yield* groups.applications(group)).toEqual([])
      }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher)))

      const left = yield* Effect.flatMap(Groups.Groups, (groups) => groups.leave(group)).pipe(
        Effect.provide(as(emulator, emulator.accounts.user)),
      )
      expect(left).toBe(true)
    }),
  )

  it.live("inviteUsers creates an invitation the user is notified of", () =>
    Effect.gen(function* () {
      const group = yield* Effect.gen(function* () {
        const groups = yield* Groups.Groups
        const created = yield* groups.create({ title: unique("Invite only"), tags: "invite", isInvitationOnly: true })
        expect(yield* groups.inviteUsers(created, ["viewer_one"], { role: "group_member", expiration: 1440 })).toBe(
          true,
        )
        return created
      }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher)))
      const notifications = yield* Effect.flatMap(Users.Users, (users) => users.notifications("viewer_one")).pipe(
        Effect.provide(as(emulator, emulator.accounts.viewer)),
      )
      expect(notifications.length).toBeGreaterThan(0)
      expect(JSON.stringify(notifications)).toContain(group.id)
    }),
  )

  it.live("createFromDict copies a group's properties", () =>
    Effect.gen(function* () {
      const groups = yield* Groups.Groups
      const source = yield* findGroup("Field Operations")
      const copy = yield* groups.createFromDict({ ...source, title: unique("Copy of Field Operations") })
      expect(copy.owner).toBe("portal_admin")
      expect(copy.tags).toEqual(source.tags)
      expect(copy.access).toBe(source.access)
      expect(yield* groups.delete(copy)).toBe(true)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.admin))),
  )

  it.live("a viewer deleting someone else's group is a PortalError Forbidden with GWM_0003", () =>
    Effect.gen(function* () {
      const groups = yield* Groups.Groups
      const group = yield* findGroup("Public Maps")
      const error = yield* Effect.flip(groups.delete(group))
      expect(error._tag === "PortalError" && [error.reason, error.code, error.messageCode]).toEqual([
        "Forbidden",
        403,
        "GWM_0003",
      ])
    }).pipe(Effect.provide(as(emulator, emulator.accounts.viewer))),
  )
})
