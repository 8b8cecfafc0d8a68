import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Groups from "../src/Groups.ts"
import addUsersFixture from "./fixtures/groups/add-users-1.json" with { type: "json" }
import groupUsersFixture from "./fixtures/groups/group-users-1.json" with { type: "json" }
import removeUsersFixture from "./fixtures/groups/remove-users-2.json" with { type: "json" }
import {
  deniedEnvelope,
  envelope,
  failure,
  fullGroup,
  groupId,
  lineOf,
  orgId,
  paramsOf,
  portalUrl,
  rest,
  runWith,
  value,
} from "./helpers.ts"

const run = runWith(Groups.Groups)
const group = `community/groups/${groupId}`

const item = (n: number) => ({ id: `${n}`.padStart(32, "0"), owner: "jsmith", title: `Item ${n}`, type: "Web Map" })

describe("Groups.create", () => {
  it.effect("posts community/createGroup with every parameter and the Python defaults", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/createGroup" ? { json: { success: true, group: fullGroup() } } : undefined),
        (groups) => groups.create({ title: "Street Maps", tags: ["streets", "city"], description: "All streets" }),
      )
      expect(value(exit).id).toBe(groupId)
      expect(requests.map(lineOf)).toEqual([`POST ${rest("community/createGroup")}`])
      expect(paramsOf(requests[0]!)).toEqual({
        title: "Street Maps",
        tags: "streets,city",
        description: "All streets",
        access: "public",
        isInvitationOnly: "false",
        sortField: "avgRating",
        sortOrder: "desc",
        isViewOnly: "false",
        autoJoin: "false",
      })
    }),
  )

  it.effect("sends the thumbnail as a multipart file and the enterprise link with its provider", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/createGroup" ? { json: { success: true, group: fullGroup() } } : undefined),
        (groups) =>
          groups.create({
            title: "Linked",
            tags: "a",
            snippet: "short",
            access: "org",
            isInvitationOnly: true,
            sortField: "title",
            sortOrder: "asc",
            isViewOnly: true,
            autoJoin: true,
            providerGroupName: "GIS Team",
            thumbnail: { content: new Blob([new Uint8Array([1, 2])]), fileName: "logo.png" },
          }),
      )
      value(exit)
      expect(requests[0]!.contentType).toMatch(/^multipart\/form-data/)
      expect(requests[0]!.files.thumbnail?.fileName).toBe("logo.png")
      expect(paramsOf(requests[0]!)).toMatchObject({
        snippet: "short",
        access: "org",
        isInvitationOnly: "true",
        isViewOnly: "true",
        autoJoin: "true",
        providerGroupName: "GIS Team",
        provider: "enterprise",
        sortField: "title",
        sortOrder: "asc",
      })
    }),
  )

  it.effect("createFromDict sends the dictionary's parameters without the fields the portal sets", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === "community/createGroup" ? { json: { success: true, group: fullGroup() } } : undefined),
        (groups) =>
          groups.createFromDict({
            ...fullGroup(),
            title: "Copied",
            tags: ["x", "y"],
            capabilities: ["updateitemcontrol"],
          }),
      )
      value(exit)
      expect(paramsOf(requests[0]!)).toEqual({
        title: "Copied",
        tags: "x,y",
        access: "org",
        isInvitationOnly: "false",
        isViewOnly: "false",
        sortField: "avgRating",
        sortOrder: "desc",
        capabilities: "updateitemcontrol",
      })
    }),
  )
})

describe("Groups.get and search", () => {
  it.effect("get reads community/groups/<gid>", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === group ? { json: fullGroup() } : undefined),
        (groups) => groups.get(groupId),
      )
      expect(value(exit)?.title).toBe("Street Maps")
      expect(requests.map(lineOf)).toEqual([`GET ${rest(group)}`])
    }),
  )

  it.effect("get returns undefined on COM_0003 'Group does not exist or is inaccessible.'", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => envelope(400, "Group does not exist or is inaccessible.", "COM_0003"),
        (groups) => groups.get(groupId),
      )
      expect(value(exit)).toBeUndefined()
    }),
  )

  it.effect("a malformed group id is refused before anything is sent", () =>
    Effect.gen(function* () {
      const { exit, scripted } = yield* run(
        () => undefined,
        (groups) => groups.delete("../../portals/self"),
      )
      const error = failure(exit)
      expect(error._tag === "InvalidInput" && error.field).toBe("group")
      expect(scripted.requests).toHaveLength(0)
    }),
  )

  it.effect("search appends the org filter and the Python sort defaults", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "community/groups"
            ? { json: { total: 1, start: 1, num: 1, nextStart: -1, results: [fullGroup()] } }
            : undefined,
        (groups) => Effect.all([groups.search({ query: "title:Street*" }), groups.search()]),
      )
      expect(value(exit).map((list) => list.length)).toEqual([1, 1])
      expect(requests.map(paramsOf)).toEqual([
        { q: `title:Street* accountid:${orgId}`, start: "1", num: "100", sortField: "title", sortOrder: "asc" },
        { q: `accountid:${orgId}`, start: "1", num: "100", sortField: "title", sortOrder: "asc" },
      ])
    }),
  )

  it.effect("search outsideOrg sends the query unchanged; searchAll follows nextStart", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path !== "community/groups") return undefined
          return request.url.searchParams.get("start") === "1"
            ? { json: { total: 2, start: 1, num: 1, nextStart: 2, results: [fullGroup()] } }
            : { json: { total: 2, start: 2, num: 1, nextStart: -1, results: [fullGroup({ title: "Second" })] } }
        },
        (groups) => Stream.runCollect(groups.searchAll({ query: "tags:maps", outsideOrg: true, sortField: "owner" })),
      )
      expect(value(exit).map((entry) => entry.title)).toEqual(["Street Maps", "Second"])
      expect(requests.map((request) => paramsOf(request).q)).toEqual(["tags:maps", "tags:maps"])
      expect(requests.map((request) => paramsOf(request).start)).toEqual(["1", "2"])
    }),
  )
})

describe("membership", () => {
  it.effect("addUsers with 60 users sends 3 requests of at most 25 and merges notAdded", () =>
    Effect.gen(function* () {
      const usernames = Array.from({ length: 60 }, (_, index) => `user_${String(index).padStart(2, "0")}`)
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path !== `${group}/addUsers`) return undefined
          const users = (request.body.users ?? "").split(",")
          if (users.length > 25) return envelope(400, "Exceeded maximum number of users allowed per call.", "ORG_3100")
          return { json: { notAdded: users.filter((name) => name.endsWith("7")) } }
        },
        (groups) => groups.addUsers({ id: groupId }, usernames),
      )
      expect(requests).toHaveLength(3)
      const sent = requests.map((request) => (request.body.users ?? "").split(","))
      expect(sent.map((batch) => batch.length)).toEqual([25, 25, 10])
      expect(sent.flat().sort()).toEqual([...usernames].sort())
      expect(requests.every((request) => lineOf(request) === `POST ${rest(`${group}/addUsers`)}`)).toBe(true)
      expect([...value(exit).notAdded].sort()).toEqual([
        "user_07",
        "user_17",
        "user_27",
        "user_37",
        "user_47",
        "user_57",
      ])
    }),
  )

  it.effect("addUsers decodes the documented answer", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === `${group}/addUsers` ? { json: addUsersFixture } : undefined),
        (groups) => groups.addUsers(groupId, ["drohner", { username: "swilson" }]),
      )
      expect(value(exit)).toEqual({ notAdded: ["drohner"] })
      expect(paramsOf(requests[0]!)).toEqual({ users: "drohner,swilson" })
    }),
  )

  it.effect("addUsers with nobody sends nothing", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        () => undefined,
        (groups) => groups.addUsers(groupId, []),
      )
      expect(value(exit)).toEqual({ notAdded: [] })
      expect(requests).toHaveLength(0)
    }),
  )

  it.effect("removeUsers batches by 25 and merges notRemoved", () =>
    Effect.gen(function* () {
      const usernames = Array.from({ length: 30 }, (_, index) => `member_${index}`)
      const { exit, requests } = yield* run(
        (request, path) =>
          path === `${group}/removeUsers`
            ? request.body.users?.startsWith("member_0,")
              ? { json: removeUsersFixture }
              : { json: { notRemoved: [] } }
            : undefined,
        (groups) => groups.removeUsers(groupId, usernames, { concurrency: 1 }),
      )
      expect(value(exit)).toEqual({ notRemoved: ["drohner", "swilson"] })
      expect(requests.map((request) => (request.body.users ?? "").split(",").length)).toEqual([25, 5])
    }),
  )

  it.effect("getMembers decodes {owner, admins, users}", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === `${group}/users` ? { json: groupUsersFixture } : undefined),
        (groups) => groups.getMembers(groupId),
      )
      expect(value(exit)).toEqual(groupUsersFixture)
      expect(requests.map(lineOf)).toEqual([`GET ${rest(`${group}/users`)}`])
    }),
  )

  it.effect("inviteUsers sends users, role and expiration (default group_member, one week)", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === `${group}/invite` ? { json: { success: true, groupId } } : undefined),
        (groups) =>
          Effect.all([
            groups.inviteUsers(groupId, ["user_one", "viewer_one"]),
            groups.inviteUsers(groupId, ["user_one"], { role: "group_admin", expiration: 1440 }),
          ]),
      )
      expect(value(exit)).toEqual([true, true])
      expect(requests.map(paramsOf)).toEqual([
        { users: "user_one,viewer_one", role: "group_member", expiration: "10080" },
        { users: "user_one", role: "group_admin", expiration: "1440" },
      ])
    }),
  )

  it.effect("join, leave, delete and reassignTo post to their operations", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path.startsWith(`${group}/`) ? { json: { success: true, groupId } } : undefined),
        (groups) =>
          Effect.all([
            groups.join(groupId),
            groups.leave(groupId),
            groups.reassignTo(fullGroup(), "publisher_one"),
            groups.delete(groupId),
          ]),
      )
      expect(value(exit)).toEqual([true, true, true, true])
      expect(requests.map(lineOf)).toEqual([
        `POST ${rest(`${group}/join`)}`,
        `POST ${rest(`${group}/leave`)}`,
        `POST ${rest(`${group}/reassign`)}`,
        `POST ${rest(`${group}/delete`)}`,
      ])
      expect(paramsOf(requests[2]!)).toEqual({ targetUsername: "publisher_one" })
    }),
  )

  it.effect("a denied addUsers is a typed Forbidden PortalError", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        () => deniedEnvelope,
        (groups) => groups.addUsers(groupId, ["user_one"]),
      )
      const error = failure(exit)
      expect(error._tag === "PortalError" && [error.reason, error.code, error.messageCode]).toEqual([
        "Forbidden",
        403,
        "GWM_0003",
      ])
    }),
  )
})

describe("applications", () => {
  it.effect("lists, accepts and declines applications", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === `${group}/applications`)
            return { json: { applications: [{ username: "mjohnson", fullName: "M Johnson", received: 1 }] } }
          if (path.endsWith("/accept") || path.endsWith("/decline"))
            return { json: { success: true, username: "mjohnson", groupId } }
          return undefined
        },
        (groups) =>
          Effect.all([
            groups.applications(groupId),
            groups.acceptApplication(groupId, "mjohnson"),
            groups.declineApplication(groupId, { username: "mjohnson" }),
          ]),
      )
      const [applications, accepted, declined] = value(exit)
      expect(applications.map((application) => application.username)).toEqual(["mjohnson"])
      expect([accepted, declined]).toEqual([true, true])
      expect(requests.map(lineOf)).toEqual([
        `GET ${rest(`${group}/applications`)}`,
        `POST ${rest(`${group}/applications/mjohnson/accept`)}`,
        `POST ${rest(`${group}/applications/mjohnson/decline`)}`,
      ])
    }),
  )
})

describe("content, thumbnails and update", () => {
  it.effect("content searches group:<gid> without the org filter, up to maxItems", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path !== "search") return undefined
          return request.url.searchParams.get("start") === "1"
            ? { json: { total: 3, start: 1, num: 2, nextStart: 3, results: [item(1), item(2)] } }
            : { json: { total: 3, start: 3, num: 1, nextStart: -1, results: [item(3)] } }
        },
        (groups) => Effect.all([groups.content(groupId), Stream.runCollect(groups.contentStream(groupId))]),
      )
      const [list, streamed] = value(exit)
      expect(list.map((entry) => entry.title)).toEqual(["Item 1", "Item 2", "Item 3"])
      expect(streamed).toEqual(list)
      expect(paramsOf(requests[0]!)).toEqual({ q: `group:${groupId}`, start: "1", num: "100" })
    }),
  )

  it.effect("thumbnail link, bytes and stream", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === group) return { json: fullGroup({ thumbnail: "logo.png" }) }
          if (path === `${group}/info/logo.png`)
            return { body: new Uint8Array([4, 5]), headers: { "content-type": "image/png" } }
          return undefined
        },
        (groups) =>
          Effect.all([
            groups.getThumbnailLink(groupId),
            groups.getThumbnail(fullGroup({ thumbnail: "logo.png" })),
            Effect.map(groups.downloadThumbnail(fullGroup({ thumbnail: null })), (download) => download === undefined),
          ]),
      )
      const [link, bytes, none] = value(exit)
      expect(link).toBe(`${portalUrl}/sharing/rest/${group}/info/logo.png`)
      expect(Array.from(bytes ?? [])).toEqual([4, 5])
      expect(none).toBe(true)
      expect(requests.map(lineOf)).toEqual([`GET ${rest(group)}`, `GET ${rest(`${group}/info/logo.png`)}`])
    }),
  )

  it.effect("update sends only the given properties", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => (path === `${group}/update` ? { json: { success: true, groupId } } : undefined),
        (groups) =>
          groups.update(groupId, {
            title: "Renamed",
            tags: ["a", "b"],
            access: "private",
            isInvitationOnly: true,
            isViewOnly: false,
          }),
      )
      expect(value(exit)).toBe(true)
      expect(requests.map(lineOf)).toEqual([`POST ${rest(`${group}/update`)}`])
      expect(paramsOf(requests[0]!)).toEqual({
        title: "Renamed",
        tags: "a,b",
        access: "private",
        isInvitationOnly: "true",
        isViewOnly: "false",
      })
    }),
  )
})
