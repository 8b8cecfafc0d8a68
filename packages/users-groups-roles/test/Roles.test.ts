import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Roles from "../src/Roles.ts"
import createRoleFixture from "./fixtures/roles/create-role-1.json" with { type: "json" }
import deleteRoleFixture from "./fixtures/roles/delete-role-1.json" with { type: "json" }
import updateRoleFixture from "./fixtures/roles/update-role-1.json" with { type: "json" }
import { deniedEnvelope, envelope, failure, lineOf, paramsOf, rest, runWith, value } from "./helpers.ts"

const run = runWith(Roles.Roles)

const role = (id: string, name: string) => ({ id, name, description: `${name} role`, created: 1, modified: 2 })
const editors = role("edgebRxFLiLt15df", "Editors")
const viewer = role("iAAAAAAAAAAAAAAA", "Viewer")

describe("Roles.all, exists, getRole", () => {
  it.effect("all pages through portals/self/roles; allStream streams them", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (request, path) => {
          if (path !== "portals/self/roles") return undefined
          return request.url.searchParams.get("start") === "1"
            ? { json: { total: 2, start: 1, num: 1, nextStart: 2, roles: [viewer] } }
            : { json: { total: 2, start: 2, num: 1, nextStart: -1, roles: [editors] } }
        },
        (roles) => Effect.all([roles.all(), Stream.runCollect(roles.allStream({ maxItems: 1 }))]),
      )
      const [all, first] = value(exit)
      expect(all.map((entry) => entry.name)).toEqual(["Viewer", "Editors"])
      expect(first.map((entry) => entry.name)).toEqual(["Viewer"])
      expect(requests.map(lineOf).slice(0, 2)).toEqual([
        `GET ${rest("portals/self/roles")}`,
        `GET ${rest("portals/self/roles")}`,
      ])
      expect(paramsOf(requests[0]!)).toEqual({ start: "1", num: "100" })
    }),
  )

  it.effect("exists compares names case-insensitively", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (_, path) =>
          path === "portals/self/roles"
            ? { json: { total: 2, start: 1, num: 2, nextStart: -1, roles: [viewer, editors] } }
            : undefined,
        (roles) => Effect.all([roles.exists("eDiToRs"), roles.exists("Publishers")]),
      )
      expect(value(exit)).toEqual([true, false])
    }),
  )

  it.effect("getRole reads portals/self/roles/<rid>, undefined when missing", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === `portals/self/roles/${editors.id}`
            ? { json: editors }
            : path.startsWith("portals/self/roles/")
              ? envelope(400, "Role does not exist or is inaccessible.")
              : undefined,
        (roles) => Effect.all([roles.getRole(editors.id), roles.getRole("ZZZZZZZZZZZZZZZZ")]),
      )
      const [found, missing] = value(exit)
      expect(found?.name).toBe("Editors")
      expect(missing).toBeUndefined()
      expect(requests.map(lineOf)[0]).toBe(`GET ${rest(`portals/self/roles/${editors.id}`)}`)
    }),
  )
})

describe("Roles.create", () => {
  it.effect("createRole, then setPrivileges with a JSON object, then reads the role", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === "portals/self/roles")
            return { json: { total: 1, start: 1, num: 1, nextStart: -1, roles: [viewer] } }
          if (path === "portals/self/createRole") return { json: createRoleFixture }
          if (path === `portals/self/roles/${editors.id}/setPrivileges`) return { json: { success: true } }
          if (path === `portals/self/roles/${editors.id}`) return { json: editors }
          return undefined
        },
        (roles) =>
          roles.create({
            name: "Editors",
            description: "Editors role",
            privileges: ["features:user:edit", "portal:user:joinGroup", "portal:future:privilege"],
          }),
      )
      expect(value(exit).id).toBe(editors.id)
      expect(requests.map(lineOf)).toEqual([
        `GET ${rest("portals/self/roles")}`,
        `POST ${rest("portals/self/createRole")}`,
        `POST ${rest(`portals/self/roles/${editors.id}/setPrivileges`)}`,
        `GET ${rest(`portals/self/roles/${editors.id}`)}`,
      ])
      expect(paramsOf(requests[1]!)).toEqual({ name: "Editors", description: "Editors role" })
      expect(JSON.parse(paramsOf(requests[2]!).privileges ?? "")).toEqual({
        privileges: ["features:user:edit", "portal:user:joinGroup", "portal:future:privilege"],
      })
    }),
  )

  it.effect("returns the existing role when the name is taken (as the Python module does)", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (_, path) =>
          path === "portals/self/roles"
            ? { json: { total: 1, start: 1, num: 1, nextStart: -1, roles: [editors] } }
            : undefined,
        (roles) => roles.create({ name: "editors", description: "again" }),
      )
      expect(value(exit)).toEqual(editors)
      expect(requests).toHaveLength(1)
    }),
  )

  it.effect("a non-admin's createRole is a typed Forbidden PortalError", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (_, path) =>
          path === "portals/self/roles"
            ? { json: { total: 0, start: 1, num: 0, nextStart: -1, roles: [] } }
            : deniedEnvelope,
        (roles) => roles.create({ name: "Sneaky", description: "no" }),
      )
      const error = failure(exit)
      expect(error._tag === "PortalError" && [error.reason, error.messageCode, error.operation]).toEqual([
        "Forbidden",
        "GWM_0003",
        "Roles.create",
      ])
    }),
  )
})

describe("per-role operations", () => {
  it.effect("update, privileges, setPrivileges and delete", () =>
    Effect.gen(function* () {
      const base = `portals/self/roles/${editors.id}`
      const { exit, requests } = yield* run(
        (_, path) => {
          if (path === `${base}/update`) return { json: updateRoleFixture }
          if (path === `${base}/privileges`) return { json: { privileges: ["features:user:edit"] } }
          if (path === `${base}/setPrivileges`) return { json: { success: true } }
          if (path === `${base}/delete`) return { json: { ...deleteRoleFixture, roleId: editors.id } }
          return undefined
        },
        (roles) =>
          Effect.all([
            roles.update(editors, { name: "Field editors", description: "Edits in the field" }),
            roles.privileges(editors.id),
            roles.setPrivileges(editors, ["features:user:edit", "portal:user:createItem"]),
            roles.delete(editors),
          ]),
      )
      expect(value(exit)).toEqual([true, ["features:user:edit"], true, true])
      expect(requests.map(lineOf)).toEqual([
        `POST ${rest(`${base}/update`)}`,
        `GET ${rest(`${base}/privileges`)}`,
        `POST ${rest(`${base}/setPrivileges`)}`,
        `POST ${rest(`${base}/delete`)}`,
      ])
      expect(paramsOf(requests[0]!)).toEqual({ name: "Field editors", description: "Edits in the field" })
      expect(paramsOf(requests[2]!)).toEqual({
        privileges: JSON.stringify({ privileges: ["features:user:edit", "portal:user:createItem"] }),
      })
    }),
  )

  it.effect("a role id that could change the path is refused", () =>
    Effect.gen(function* () {
      const { exit, scripted } = yield* run(
        () => undefined,
        (roles) => roles.delete("../users"),
      )
      expect(failure(exit)._tag).toBe("InvalidInput")
      expect(scripted.requests).toHaveLength(0)
    }),
  )
})
