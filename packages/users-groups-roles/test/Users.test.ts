import * as util from "node:util"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Users from "../src/Users.ts"
import notificationsFixture from "./fixtures/users/notifications-1.json" with { type: "json" }
import {
  calls,
  deniedEnvelope,
  envelope,
  fullUser,
  lineOf,
  orgId,
  paramsOf,
  portalUrl,
  type Route,
  rest,
  scriptedPortal,
  servicesLayer,
  token,
} from "./helpers.ts"

const password = "correct-horse-battery-staple-42"

const run = <A, E>(route: Route, use: (users: Users.UsersShape) => Effect.Effect<A, E>, isPortal = true) =>
  Effect.gen(function* () {
    const scripted = scriptedPortal(route, { isPortal })
    const exit = yield* Effect.exit(Effect.flatMap(Users.Users, use).pipe(Effect.provide(servicesLayer(scripted))))
    return { exit, scripted, requests: calls(scripted) }
  })

const value = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) throw new Error(`expected success, got ${Cause.pretty(exit.cause)}`)
  return exit.value
}

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (!Exit.isFailure(exit)) throw new Error("expected a failure")
  return Cause.squash(exit.cause) as E
}

const renderings = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
  if (!Exit.isFailure(exit)) return []
  const error = Cause.squash(exit.cause)
  const out = [Cause.pretty(exit.cause), String(error), JSON.stringify(error), util.inspect(error, { depth: 10 })]
  if (error instanceof Error) out.push(error.message, error.stack ?? "")
  return out
}

describe("Users.create", () => {
  it.effect("on Enterprise posts to <portal>/portaladmin/security/users/createUser, then reads the user", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (_.url.pathname === "/portal/portaladmin/security/users/createUser") return { json: { status: "success" } }
          if (path === "community/users/field_worker") return { json: fullUser("field_worker") }
          return undefined
        },
        (users) =>
          users.create({
            username: "field_worker",
            password: Redacted.make(password),
            firstname: "Field",
            lastname: "Worker",
            email: "fw@example.com",
            description: "Crew lead",
            role: "org_publisher",
          }),
      )
      expect(value(exit)?.username).toBe("field_worker")
      expect(requests.map(lineOf)).toEqual([
        "POST /portal/portaladmin/security/users/createUser",
        `GET ${rest("community/users/field_worker")}`,
      ])
      expect(paramsOf(requests[0]!)).toEqual({
        username: "field_worker",
        password,
        firstname: "Field",
        lastname: "Worker",
        email: "fw@example.com",
        description: "Crew lead",
        role: "org_publisher",
        provider: "arcgis",
      })
      expect(requests[0]!.url.search).toBe("")
      expect(ScriptedFetch.tokenOf(requests[0]!)).toBe(token)
    }),
  )

  it.effect("sends no level unless asked (the portal derives it from the role and user type)", () =>
    Effect.gen(function* () {
      const route: Route = (request, path) => {
        if (request.url.pathname.endsWith("/createUser")) return { json: { status: "success" } }
        if (path.startsWith("community/users/")) return { json: fullUser(path.split("/").pop() ?? "") }
        return undefined
      }
      const account = { password: Redacted.make(password), firstname: "V", lastname: "W", email: "v@example.com" }
      const viewer = yield* run(route, (users) =>
        users.create({ ...account, username: "viewer_one", role: "org_viewer" }),
      )
      value(viewer.exit)
      expect(paramsOf(viewer.requests[0]!)).toMatchObject({ username: "viewer_one", role: "iAAAAAAAAAAAAAAA" })
      expect(paramsOf(viewer.requests[0]!)).not.toHaveProperty("level")
      expect(paramsOf(viewer.requests[0]!)).not.toHaveProperty("userLicenseTypeId")

      const typed = yield* run(route, (users) =>
        users.create({ ...account, username: "viewer_two", role: "org_viewer", userLicenseTypeId: "viewerUT" }),
      )
      value(typed.exit)
      expect(paramsOf(typed.requests[0]!)).toMatchObject({ role: "iAAAAAAAAAAAAAAA", userLicenseTypeId: "viewerUT" })
      expect(paramsOf(typed.requests[0]!)).not.toHaveProperty("level")

      const legacy = yield* run(route, (users) => users.create({ ...account, username: "legacy_one", level: 1 }))
      value(legacy.exit)
      expect(paramsOf(legacy.requests[0]!)).toMatchObject({ role: "org_user", level: "1" })
    }),
  )

  it.effect("on ArcGIS Online the invitation carries level and userLicenseType only when given", () =>
    Effect.gen(function* () {
      const route: Route = (_, path) => {
        if (path === "portals/self/invite") return { json: { success: true, notInvited: [] } }
        if (path.startsWith("community/users/")) return { json: fullUser(path.split("/").pop() ?? "") }
        return undefined
      }
      const invitation = (request: ScriptedFetch.Recorded) =>
        (JSON.parse(paramsOf(request).invitationList ?? "") as { invitations: Array<Record<string, unknown>> })
          .invitations[0]
      const account = { firstname: "V", lastname: "W", email: "v@example.com" }
      const plain = yield* run(
        route,
        (users) => users.create({ ...account, username: "online_one", role: "org_viewer" }),
        false,
      )
      value(plain.exit)
      expect(invitation(plain.requests[0]!)).toMatchObject({ username: "online_one", role: "iAAAAAAAAAAAAAAA" })
      expect(invitation(plain.requests[0]!)).not.toHaveProperty("level")
      expect(invitation(plain.requests[0]!)).not.toHaveProperty("userLicenseType")
      const typed = yield* run(
        route,
        (users) => users.create({ ...account, username: "online_two", userLicenseTypeId: "creatorUT" }),
        false,
      )
      value(typed.exit)
      expect(invitation(typed.requests[0]!)).toMatchObject({ role: "org_user", userLicenseType: "creatorUT" })
      expect(invitation(typed.requests[0]!)).not.toHaveProperty("level")
    }),
  )

  it.effect("on ArcGIS Online invites through portals/self/invite, the password inside the POSTed list", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === "portals/self/invite") return { json: { success: true, notInvited: [] } }
          if (path === "community/users/viewer_two") return { json: fullUser("viewer_two") }
          return undefined
        },
        (users) =>
          users.create({
            username: "viewer_two",
            password: Redacted.make(password),
            firstname: "View",
            lastname: "Er",
            email: "v@example.com",
            role: "org_viewer",
            level: 1,
            subject: "Welcome",
          }),
        false,
      )
      expect(value(exit)?.username).toBe("viewer_two")
      expect(requests.map(lineOf)).toEqual([
        `POST ${rest("portals/self/invite")}`,
        `GET ${rest("community/users/viewer_two")}`,
      ])
      const body = paramsOf(requests[0]!)
      expect(body.subject).toBe("Welcome")
      expect(JSON.parse(body.invitationList ?? "")).toEqual({
        invitations: [
          {
            username: "viewer_two",
            firstname: "View",
            lastname: "Er",
            fullname: "View Er",
            email: "v@example.com",
            role: "iAAAAAAAAAAAAAAA",
            level: "1",
            password,
          },
        ],
      })
      expect(requests[0]!.url.href).not.toContain(password)
    }),
  )

  it.effect("fails with PortalError (InvalidRequest) when Online did not invite the user", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "portals/self/invite" ? { json: { success: true, notInvited: ["taken_name"] } } : undefined,
        (users) => users.create({ username: "taken_name", firstname: "T", lastname: "N", email: "t@example.com" }),
        false,
      )
      expect(failure(exit)).toMatchObject({
        _tag: "PortalError",
        reason: "InvalidRequest",
        operation: "Users.create",
        request: { method: "POST", path: "portals/self/invite" },
      })
      expect(requests).toHaveLength(1)
    }),
  )

  it.effect("fails with PortalError (InvalidRequest) when Enterprise's createUser does not answer success", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path.endsWith("/createUser") ? { json: { status: "exists" } } : undefined),
        (users) =>
          users.create({
            username: "taken_name",
            password: Redacted.make(password),
            firstname: "T",
            lastname: "N",
            email: "t@example.com",
          }),
      )
      expect(failure(exit)).toMatchObject({ _tag: "PortalError", reason: "InvalidRequest", operation: "Users.create" })
      expect(requests).toHaveLength(1)
    }),
  )

  it.effect("an invitation the user has still to accept: undefined (no account yet), not a failure", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (_, path) =>
          path === "portals/self/invite"
            ? { json: { success: true, notInvited: [] } }
            : path === "community/users/invited_one"
              ? {
                  json: {
                    error: {
                      code: 400,
                      messageCode: "COM_0003",
                      message: "User does not exist or is inaccessible.",
                      details: [],
                    },
                  },
                }
              : undefined,
        (users) => users.create({ username: "invited_one", firstname: "I", lastname: "O", email: "i@example.com" }),
        false,
      )
      expect(value(exit)).toBeUndefined()
    }),
  )

  it.effect("sets the thumbnail after creating the account", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request, path) => {
          if (request.url.pathname.endsWith("/createUser")) return { json: { status: "success" } }
          if (path === "community/users/with_face/update") return { json: { success: true, username: "with_face" } }
          if (path === "community/users/with_face") return { json: fullUser("with_face", { thumbnail: "face.png" }) }
          return undefined
        },
        (users) =>
          users.create({
            username: "with_face",
            password: Redacted.make(password),
            firstname: "W",
            lastname: "F",
            email: "w@example.com",
            thumbnail: new File([new Uint8Array([1, 2, 3])], "face.png", { type: "image/png" }),
          }),
      )
      expect(value(exit)?.thumbnail).toBe("face.png")
      expect(requests.map(lineOf)[1]).toBe(`POST ${rest("community/users/with_face/update")}`)
      expect(requests[1]!.files.thumbnail?.fileName).toBe("face.png")
      expect(Array.from(requests[1]!.files.thumbnail?.bytes ?? [])).toEqual([1, 2, 3])
    }),
  )

  it.effect("refuses a built-in Enterprise account without a password before sending it", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        () => undefined,
        (users) => users.create({ username: "no_password", firstname: "N", lastname: "P", email: "n@example.com" }),
      )
      const error = failure(exit)
      expect(error._tag === "InvalidInput" && error.field).toBe("password")
      expect(requests).toHaveLength(0)
    }),
  )

  it.effect("no password in any error rendering or URL when createUser is refused", () =>
    Effect.gen(function* () {
      const { exit, scripted } = yield* run(
        (request) =>
          request.url.pathname.endsWith("/createUser")
            ? { json: { status: "error", messages: ["User already exists."], code: 409 } }
            : undefined,
        (users) =>
          users.create({
            username: "dupe_user",
            password: Redacted.make(password),
            firstname: "D",
            lastname: "U",
            email: "d@example.com",
          }),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      for (const text of renderings(exit)) expect(text).not.toContain(password)
      for (const request of scripted.requests) expect(request.url.href).not.toContain(password)
    }),
  )
})

describe("Users.get and me", () => {
  it.effect("get reads community/users/<u> and decodes the user", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "community/users/user_one" ? { json: fullUser("user_one", { newField: 7 }) } : undefined,
        (users) => users.get("user_one"),
      )
      const user = value(exit)
      expect(user?.username).toBe("user_one")
      expect(user?.email).toBe("user_one@example.com")
      expect((user as Record<string, unknown>).newField).toBe(7)
      expect(requests.map(lineOf)).toEqual([`GET ${rest("community/users/user_one")}`])
    }),
  )

  it.effect("get returns undefined on 'User does not exist or is inaccessible'", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => envelope(400, "User does not exist or is inaccessible."),
        (users) => users.get("nobody_here"),
      )
      expect(value(exit)).toBeUndefined()
    }),
  )

  it.effect("get still fails on other errors", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => deniedEnvelope,
        (users) => users.get("secret_user"),
      )
      expect(failure(exit)._tag).toBe("PortalError")
    }),
  )

  it.effect("me reads the signed-in user named by portals/self", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/portal_admin" ? { json: fullUser("portal_admin") } : undefined),
        (users) => users.me(),
      )
      expect(value(exit)?.username).toBe("portal_admin")
      expect(requests.map(lineOf)).toEqual([`GET ${rest("community/users/portal_admin")}`])
    }),
  )

  it.effect("me is undefined when anonymous", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "portals/self" ? { json: { name: "Anonymous view" } } : undefined),
        (users) => users.me(),
      )
      expect(value(exit)).toBeUndefined()
      expect(requests).toHaveLength(0)
    }),
  )
})

describe("Users.search", () => {
  it.effect("without a query lists the org's members (portals/self/users)", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "portals/self/users"
            ? { json: { total: 2, start: 1, num: 2, nextStart: -1, users: [fullUser("a_user"), fullUser("b_user")] } }
            : undefined,
        (users) => users.search(),
      )
      expect(value(exit).map((user) => user.username)).toEqual(["a_user", "b_user"])
      expect(requests.map(lineOf)).toEqual([`GET ${rest("portals/self/users")}`])
      expect(paramsOf(requests[0]!)).toEqual({ start: "1", num: "100", sortField: "username", sortOrder: "asc" })
    }),
  )

  it.effect("with a query searches community/users and appends the org filter", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "community/users"
            ? { json: { total: 1, start: 1, num: 1, nextStart: -1, results: [fullUser("user_one")] } }
            : undefined,
        (users) => users.search({ query: "username:user_*", sortField: "created", sortOrder: "desc", maxUsers: 10 }),
      )
      expect(value(exit)).toHaveLength(1)
      expect(paramsOf(requests[0]!)).toEqual({
        q: `username:user_* accountid:${orgId}`,
        start: "1",
        num: "10",
        sortField: "created",
        sortOrder: "desc",
      })
    }),
  )

  it.effect("outsideOrg sends the query as it is, without reading portals/self", () =>
    Effect.gen(function* () {
      const { exit, scripted } = yield* run(
        (_, path) =>
          path === "community/users" ? { json: { total: 0, start: 1, num: 0, nextStart: -1, results: [] } } : undefined,
        (users) => users.search({ query: "username:x*", outsideOrg: true }),
      )
      expect(value(exit)).toEqual([])
      expect(scripted.requests.map((request) => ScriptedFetch.route(request))).toEqual(["community/users"])
      expect(paramsOf(scripted.requests[0]!).q).toBe("username:x*")
    }),
  )

  it.effect("searchAll streams every page following nextStart", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path !== "community/users") return undefined
          const start = Number(request.url.searchParams.get("start"))
          return start === 1
            ? { json: { total: 3, start: 1, num: 2, nextStart: 3, results: [fullUser("u_1"), fullUser("u_2")] } }
            : { json: { total: 3, start: 3, num: 1, nextStart: -1, results: [fullUser("u_3")] } }
        },
        (users) => Stream.runCollect(users.searchAll({ query: "u_*" })),
      )
      expect(value(exit).map((user) => user.username)).toEqual(["u_1", "u_2", "u_3"])
      expect(requests.map((request) => request.url.searchParams.get("start"))).toEqual(["1", "3"])
    }),
  )
})

describe("Users.signup", () => {
  it.effect("posts community/signUp with the password in the body only", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/signUp" ? { json: { success: true } } : undefined),
        (users) =>
          users.signup({
            username: "newcomer",
            password: Redacted.make(password),
            fullname: "New Comer",
            email: "n@example.com",
          }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/signUp")}`])
      expect(paramsOf(requests[0]!)).toEqual({
        username: "newcomer",
        password,
        fullname: "New Comer",
        email: "n@example.com",
      })
      expect(requests[0]!.url.href).not.toContain(password)
    }),
  )
})

describe("per-user operations", () => {
  it.effect("delete with reassignTo reassigns first, then deletes", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === "community/users/leaver/reassign") return { json: { success: true } }
          if (path === "community/users/leaver/delete") return { json: { success: true, username: "leaver" } }
          return undefined
        },
        (users) => users.delete({ username: "leaver" }, { reassignTo: "portal_admin" }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([
        `POST ${rest("community/users/leaver/reassign")}`,
        `POST ${rest("community/users/leaver/delete")}`,
      ])
      expect(paramsOf(requests[0]!)).toEqual({ targetUsername: "portal_admin" })
    }),
  )

  it.effect("delete without reassignTo sends one request", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/leaver/delete" ? { json: { success: true } } : undefined),
        (users) => users.delete("leaver"),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/users/leaver/delete")}`])
    }),
  )

  it.effect("disable and enable accept the documented answer (success with a stray itemId) and a status", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === "community/users/user_one/disable")
            return { json: { success: true, itemId: "b512083cd1b64e2da1d3f66dbb135956" } }
          if (path === "community/users/user_one/enable") return { json: { status: "success" } }
          return undefined
        },
        (users) => Effect.all([users.disable("user_one"), users.enable("user_one")]),
      )
      expect(value(exit)).toEqual([true, true])
      expect(requests.map(lineOf)).toEqual([
        `POST ${rest("community/users/user_one/disable")}`,
        `POST ${rest("community/users/user_one/enable")}`,
      ])
    }),
  )

  it.effect("a denied operation (403 GWM_0003) is a PortalError with reason Forbidden and the portal's codes", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => deniedEnvelope,
        (users) => users.disable("portal_admin"),
      )
      const error = failure(exit)
      expect(error._tag).toBe("PortalError")
      if (error._tag !== "PortalError") return
      expect([error.reason, error.code, error.messageCode, error.operation]).toEqual([
        "Forbidden",
        403,
        "GWM_0003",
        "Users.disable",
      ])
      expect(error.request).toEqual({ method: "POST", path: rest("community/users/portal_admin/disable") })
      for (const text of renderings(exit)) expect(text).not.toContain(token)
    }),
  )

  it.effect("thumbnails: link, bytes and stream from a User carrying its thumbnail name", () =>
    Effect.gen(function* () {
      const user = { username: "user_one", thumbnail: "thumbnail/me.png" }
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "community/users/user_one/info/thumbnail/me.png"
            ? { body: new Uint8Array([9, 8, 7]), headers: { "content-type": "image/png" } }
            : undefined,
        (users) =>
          Effect.gen(function* () {
            const link = yield* users.getThumbnailLink(user)
            const bytes = yield* users.getThumbnail(user)
            const download = yield* users.downloadThumbnail(user)
            return { link, bytes, contentType: download?.contentType }
          }),
      )
      const result = value(exit)
      expect(result.link).toBe(`${portalUrl}/sharing/rest/community/users/user_one/info/thumbnail/me.png`)
      expect(Array.from(result.bytes ?? [])).toEqual([9, 8, 7])
      expect(result.contentType).toBe("image/png")
      expect(requests.map(lineOf)).toEqual([
        `GET ${rest("community/users/user_one/info/thumbnail/me.png")}`,
        `GET ${rest("community/users/user_one/info/thumbnail/me.png")}`,
      ])
    }),
  )

  it.effect("thumbnails of a username read the user first; none → undefined", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/plain_user" ? { json: fullUser("plain_user") } : undefined),
        (users) => Effect.all([users.getThumbnail("plain_user"), users.getThumbnailLink("plain_user")]),
      )
      expect(value(exit)).toEqual([undefined, undefined])
      expect(requests.map(lineOf)).toEqual([
        `GET ${rest("community/users/plain_user")}`,
        `GET ${rest("community/users/plain_user")}`,
      ])
    }),
  )

  it.effect("folders lists content/users/<u>", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "content/users/user_one"
            ? {
                json: {
                  username: "user_one",
                  total: 0,
                  start: 1,
                  num: 1,
                  nextStart: -1,
                  items: [],
                  folders: [{ id: "f".repeat(32), title: "Field Data", username: "user_one" }],
                },
              }
            : undefined,
        (users) => users.folders("user_one"),
      )
      expect(value(exit).map((folder) => folder.title)).toEqual(["Field Data"])
      expect(requests.map(lineOf)).toEqual([`GET ${rest("content/users/user_one")}`])
    }),
  )

  it.effect("items resolves a folder name case-insensitively and pages through content/users/<u>/<fid>", () =>
    Effect.gen(function* () {
      const folderId = "f".repeat(32)
      const item = (n: number) => ({ id: `${n}`.padStart(32, "0"), owner: "user_one", title: `Item ${n}`, type: "CSV" })
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path === "content/users/user_one")
            return { json: { folders: [{ id: folderId, title: "Field Data" }], items: [] } }
          if (path === `content/users/user_one/${folderId}`) {
            const start = Number(request.url.searchParams.get("start"))
            return start === 1
              ? { json: { total: 3, start: 1, num: 2, nextStart: 3, items: [item(1), item(2)] } }
              : { json: { total: 3, start: 3, num: 1, nextStart: -1, items: [item(3)] } }
          }
          return undefined
        },
        (users) => users.items("user_one", { folder: "field data", maxItems: 3 }),
      )
      expect(value(exit).map((entry) => entry.title)).toEqual(["Item 1", "Item 2", "Item 3"])
      expect(requests.map(lineOf)).toEqual([
        `GET ${rest("content/users/user_one")}`,
        `GET ${rest(`content/users/user_one/${folderId}`)}`,
        `GET ${rest(`content/users/user_one/${folderId}`)}`,
      ])
      expect(paramsOf(requests[1]!)).toEqual({ start: "1", num: "3" })
    }),
  )

  it.effect("itemsStream of the root, and an unknown folder is InvalidInput", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (_, path) =>
          path === "content/users/user_one"
            ? {
                json: {
                  total: 1,
                  start: 1,
                  num: 1,
                  nextStart: -1,
                  items: [{ id: "1".repeat(32), owner: "user_one", title: "Root item", type: "CSV" }],
                  folders: [],
                },
              }
            : undefined,
        (users) =>
          Effect.all([
            Stream.runCollect(users.itemsStream("user_one")),
            Effect.flip(users.items("user_one", { folder: "Missing" })),
          ]),
      )
      const [items, error] = value(exit)
      expect(items.map((entry) => entry.title)).toEqual(["Root item"])
      expect(error._tag === "InvalidInput" && error.field).toBe("folder")
    }),
  )

  it.effect("notifications decodes the documented example", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/jsmith/notifications" ? { json: notificationsFixture } : undefined),
        (users) => users.notifications("jsmith"),
      )
      expect(value(exit).map((notification) => notification.type)).toEqual(["group_application_declined", "group_join"])
      expect(requests.map(lineOf)).toEqual([`GET ${rest("community/users/jsmith/notifications")}`])
    }),
  )

  it.effect("reassignTo posts the target username", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/leaver/reassign" ? { json: { success: true } } : undefined),
        (users) => users.reassignTo("leaver", { username: "portal_admin" }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/users/leaver/reassign")}`])
      expect(paramsOf(requests[0]!)).toEqual({ targetUsername: "portal_admin" })
    }),
  )

  it.effect("reset sends the secrets in the POST body only", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/users/user_one/reset" ? { json: { success: true } } : undefined),
        (users) =>
          users.reset("user_one", {
            password: Redacted.make(password),
            newPassword: Redacted.make("brand-new-password-1"),
            newSecurityQuestion: 3,
            newSecurityAnswer: Redacted.make("my first pet"),
          }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/users/user_one/reset")}`])
      expect(paramsOf(requests[0]!)).toEqual({
        password,
        newPassword: "brand-new-password-1",
        newSecurityQuestionIdx: "3",
        newSecurityAnswer: "my first pet",
      })
      expect(requests[0]!.url.search).toBe("")
    }),
  )

  it.effect("update sends only the given properties, tags comma-joined", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "community/users/user_one/update" ? { json: { success: true, username: "user_one" } } : undefined,
        (users) =>
          users.update("user_one", {
            access: "public",
            preferredView: "Web",
            description: "Maps things",
            tags: ["maps", "field"],
            fullname: "User One",
            email: "one@example.com",
            culture: "fr",
            region: "FR",
          }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/users/user_one/update")}`])
      expect(paramsOf(requests[0]!)).toEqual({
        access: "public",
        preferredView: "Web",
        description: "Maps things",
        tags: "maps,field",
        fullname: "User One",
        email: "one@example.com",
        culture: "fr",
        region: "FR",
      })
    }),
  )

  it.effect("updateRole sends a built-in key, org_viewer as the Viewer role, or a custom role's id", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "portals/self/updateuserrole" ? { json: { success: true } } : undefined),
        (users) =>
          Effect.all([
            users.updateRole("user_one", "org_publisher"),
            users.updateRole("user_one", "org_viewer"),
            users.updateRole({ username: "user_one" }, { id: "Pi5ZcW4sddhtho45" }),
          ]),
      )
      expect(value(exit)).toEqual([true, true, true])
      expect(requests.map(lineOf)).toEqual(Array(3).fill(`POST ${rest("portals/self/updateuserrole")}`))
      expect(requests.map(paramsOf)).toEqual([
        { user: "user_one", role: "org_publisher" },
        { user: "user_one", role: "iAAAAAAAAAAAAAAA" },
        { user: "user_one", role: "Pi5ZcW4sddhtho45" },
      ])
    }),
  )
})
