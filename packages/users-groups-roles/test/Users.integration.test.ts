import { Portal, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Users from "../src/Users.ts"
import { as, signIn, thumbnailBytes, unique } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const admin = () => emulator.accounts.admin
const newPassword = "integration-pass-1"

/** Creates a built-in user as the admin and returns its name. */
const createUser = (prefix: string, role = "org_user") =>
  Effect.gen(function* () {
    const users = yield* Users.Users
    const username = unique(prefix)
    const user = yield* users.create({
      username,
      password: Redacted.make(newPassword),
      firstname: "Integration",
      lastname: prefix,
      email: `${username}@example.com`,
      role,
    })
    expect(user?.username).toBe(username)
    return username
  }).pipe(Effect.provide(as(emulator, admin())))

describe("Users against the emulator", () => {
  it.live("me is the signed-in user; get finds seeded users and returns undefined for unknown ones", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      expect((yield* users.me())?.username).toBe("publisher_one")
      expect((yield* users.get("user_one"))?.username).toBe("user_one")
      expect(yield* users.get("nobody_at_all")).toBeUndefined()
    }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher))),
  )

  it.live("search without a query lists the org; with one, community/users filtered to the org", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      const everyone = (yield* users.search()).map((user) => user.username)
      expect(everyone).toEqual(expect.arrayContaining(["portal_admin", "publisher_one", "user_one", "viewer_one"]))
      const found = (yield* users.search({ query: "username:user_one" })).map((user) => user.username)
      expect(found).toEqual(["user_one"])
      const streamed = yield* Stream.runCollect(users.searchAll({ maxItems: 2 }))
      expect(streamed).toHaveLength(2)
    }).pipe(Effect.provide(as(emulator, admin()))),
  )

  it.live("create (Enterprise: portaladmin createUser), update, updateRole, disable, enable, delete", () =>
    Effect.gen(function* () {
      const username = yield* createUser("lifecycle")
      yield* Effect.gen(function* () {
        const users = yield* Users.Users
        expect(
          yield* users.update(username, { description: "Updated by tests", tags: ["a", "b"], access: "org" }),
        ).toBe(true)
        const updated = yield* users.get(username)
        expect(updated?.description).toBe("Updated by tests")
        expect(updated?.tags).toEqual(["a", "b"])
        expect(yield* users.updateRole(username, "org_publisher")).toBe(true)
        expect((yield* users.get(username))?.role).toBe("org_publisher")
        expect(yield* users.disable(username)).toBe(true)
        expect((yield* users.get(username))?.disabled).toBe(true)
        expect(yield* users.enable(username)).toBe(true)
        expect((yield* users.get(username))?.disabled).toBe(false)
        expect(yield* users.delete(username)).toBe(true)
        expect(yield* users.get(username)).toBeUndefined()
      }).pipe(Effect.provide(as(emulator, admin())))
    }),
  )

  it.live("a Viewer created without a level is a level-1 account with the Viewer role; its user type is kept", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      const account = (prefix: string) => {
        const username = unique(prefix)
        return {
          username,
          password: Redacted.make(newPassword),
          firstname: "Integration",
          lastname: prefix,
          email: `${username}@example.com`,
        }
      }
      const viewer = yield* users.create({ ...account("viewer"), role: "org_viewer" })
      expect(viewer?.roleId).toBe("iAAAAAAAAAAAAAAA")
      expect(String(viewer?.level)).toBe("1")
      expect(viewer?.userType).toBe("viewerUT")
      const typed = yield* users.create({ ...account("typed"), role: "org_viewer", userLicenseTypeId: "viewerUT" })
      expect([typed?.roleId, String(typed?.level), typed?.userType]).toEqual(["iAAAAAAAAAAAAAAA", "1", "viewerUT"])
      const creator = yield* users.create({
        ...account("creator"),
        role: "org_publisher",
        userLicenseTypeId: "GISProfessionalStdUT",
      })
      expect([creator?.role, String(creator?.level), creator?.userType]).toEqual([
        "org_publisher",
        "2",
        "GISProfessionalStdUT",
      ])
    }).pipe(Effect.provide(as(emulator, admin()))),
  )

  it.live("the new user can sign in with the password given to create, and reset it", () =>
    Effect.gen(function* () {
      const username = yield* createUser("resetter")
      yield* Effect.gen(function* () {
        const users = yield* Users.Users
        expect((yield* users.me())?.username).toBe(username)
        expect(
          yield* users.reset(username, {
            password: Redacted.make(newPassword),
            newPassword: Redacted.make("another-pass-2"),
          }),
        ).toBe(true)
      }).pipe(Effect.provide(as(emulator, { username, password: newPassword })))
      const again = yield* Effect.gen(function* () {
        return yield* (yield* Users.Users).me()
      }).pipe(Effect.provide(as(emulator, { username, password: "another-pass-2" })))
      expect(again?.username).toBe(username)
    }),
  )

  it.live("thumbnail: update with a file, then link, bytes and download", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      expect(
        yield* users.update("user_one", {
          thumbnail: new File([thumbnailBytes], "me.png", { type: "image/png" }),
        }),
      ).toBe(true)
      const user = yield* users.get("user_one")
      expect(user?.thumbnail).toBeTruthy()
      expect(Array.from((yield* users.getThumbnail("user_one")) ?? [])).toEqual(Array.from(thumbnailBytes))
      expect(yield* users.getThumbnailLink(user!)).toContain("/sharing/rest/community/users/user_one/info/")
      expect((yield* users.downloadThumbnail(user!))?.contentType).toMatch(/image\/png/)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.user))),
  )

  it.live("folders, items and notifications of a seeded user", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      const folders = yield* users.folders("publisher_one")
      expect(Array.isArray(folders)).toBe(true)
      const items = yield* users.items("publisher_one")
      expect(items.every((item) => item.owner === "publisher_one")).toBe(true)
      const streamed = yield* Stream.runCollect(users.itemsStream("publisher_one"))
      expect(streamed.map((item) => item.id)).toEqual(items.map((item) => item.id))
      expect(Array.isArray(yield* users.notifications("publisher_one"))).toBe(true)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.publisher))),
  )

  it.live("delete with reassignTo moves the user's content first", () =>
    Effect.gen(function* () {
      const username = yield* createUser("departing")
      yield* Effect.gen(function* () {
        const users = yield* Users.Users
        expect(yield* users.reassignTo(username, "portal_admin")).toBe(true)
        expect(yield* users.delete(username, { reassignTo: "portal_admin" })).toBe(true)
        expect(yield* users.get(username)).toBeUndefined()
      }).pipe(Effect.provide(as(emulator, admin())))
    }),
  )

  it.live("a non-admin disabling someone is a PortalError Forbidden with GWM_0003", () =>
    Effect.gen(function* () {
      const users = yield* Users.Users
      // publisher_one's profile is visible to org members (viewer_one's is private, so it would be "not found").
      const error = yield* Effect.flip(users.disable("publisher_one"))
      expect(error._tag === "PortalError" && [error.reason, error.code, error.messageCode]).toEqual([
        "Forbidden",
        403,
        "GWM_0003",
      ])
      const denied = yield* Effect.flip(
        users.create({
          username: unique("sneaky"),
          password: Redacted.make(newPassword),
          firstname: "S",
          lastname: "N",
          email: "s@example.com",
        }),
      )
      expect(denied._tag === "PortalError" && denied.reason).toBe("Forbidden")
      expect(String(denied)).not.toContain(newPassword)
    }).pipe(Effect.provide(as(emulator, emulator.accounts.user))),
  )

  it.live("signup is refused until the org allows it, then creates a user who can sign in", () =>
    Effect.gen(function* () {
      const username = unique("signup")
      const options = {
        username,
        password: Redacted.make(newPassword),
        fullname: "Signed Up",
        email: `${username}@example.com`,
      }
      const refused = yield* Effect.flip(
        Effect.flatMap(Users.Users, (users) => users.signup(options)).pipe(
          Effect.provide(Users.layer),
          Effect.provide(Portal.layer({ url: emulator.url })),
        ),
      )
      expect(refused._tag === "PortalError" && refused.reason).toBe("Forbidden")
      yield* Effect.flatMap(Transport.Transport, (transport) =>
        transport.json({
          operation: "Test.allowSignUp",
          method: "POST",
          path: "portals/self/update",
          params: { canSignUpUsers: true },
        }),
      ).pipe(Effect.provide(Portal.layer({ url: emulator.url, auth: signIn(admin()) })))
      const accepted = yield* Effect.flatMap(Users.Users, (users) => users.signup(options)).pipe(
        Effect.provide(Users.layer),
        Effect.provide(Portal.layer({ url: emulator.url })),
      )
      expect(accepted).toBe(true)
      const me = yield* Effect.flatMap(Users.Users, (users) => users.me()).pipe(
        Effect.provide(as(emulator, { username, password: newPassword })),
      )
      expect(me?.username).toBe(username)
    }),
  )
})
