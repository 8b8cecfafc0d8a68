import { readdirSync, readFileSync } from "node:fs"
import { PortalError } from "@arcgis-portal/core"
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as GroupSchema from "../src/GroupSchema.ts"
import * as RoleSchema from "../src/RoleSchema.ts"
import * as UserSchema from "../src/UserSchema.ts"

const fixturesDir = new URL("./fixtures/", import.meta.url)
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixturesDir), "utf8"))

/** Every fixture file and the response schema of its endpoint. */
const schemaOf: Record<string, Schema.Top> = {
  "users/accept-invitation-1.json": UserSchema.InvitationResult,
  "users/decline-invitation-1.json": UserSchema.InvitationResult,
  "users/delete-user-1.json": UserSchema.UserOperationResult,
  "users/disable-user-1.json": UserSchema.UserOperationResult,
  "users/notifications-1.json": UserSchema.NotificationsResponse,
  "users/notifications-2.json": UserSchema.NotificationsResponse,
  "users/user-tags-1.json": UserSchema.UserTagsResponse,
  "groups/accept-application-1.json": GroupSchema.ApplicationResult,
  "groups/add-users-1.json": GroupSchema.AddUsersResult,
  "groups/decline-application-1.json": GroupSchema.ApplicationResult,
  "groups/delete-group-1.json": GroupSchema.GroupOperationResult,
  "groups/group-users-1.json": GroupSchema.GroupMembers,
  "groups/invite-1.json": GroupSchema.GroupOperationResult,
  "groups/leave-group-1.json": GroupSchema.GroupOperationResult,
  "groups/protect-group-1.json": GroupSchema.GroupOperationResult,
  "groups/remove-users-1.json": GroupSchema.RemoveUsersResult,
  "groups/remove-users-2.json": GroupSchema.RemoveUsersResult,
  "roles/create-role-1.json": RoleSchema.CreateRoleResult,
  "roles/delete-role-1.json": RoleSchema.RoleOperationResult,
  "roles/update-role-1.json": RoleSchema.RoleOperationResult,
  "errors/sharing-error-1.json": PortalError.ErrorEnvelope,
}

describe("every fixture decodes with its endpoint's schema, unknown fields kept", () => {
  it("every fixture file is covered", () => {
    const files = ["users", "groups", "roles", "errors"].flatMap((dir) =>
      readdirSync(new URL(`${dir}/`, fixturesDir)).map((name) => `${dir}/${name}`),
    )
    expect(files.sort()).toEqual(Object.keys(schemaOf).sort())
  })

  for (const [name, schema] of Object.entries(schemaOf)) {
    it(name, () => {
      const input = fixture(name)
      const decoded = Schema.decodeUnknownSync(schema as Schema.Codec<unknown>)(input)
      expect(decoded).toEqual(input)
    })
  }

  it("the disable example's stray itemId is kept and still means success", () => {
    const decoded = Schema.decodeUnknownSync(UserSchema.UserOperationResult)(fixture("users/disable-user-1.json"))
    expect(UserSchema.succeeded(decoded)).toBe(true)
    expect((decoded as Record<string, unknown>).itemId).toBe("b512083cd1b64e2da1d3f66dbb135956")
  })
})

describe("models", () => {
  it("a user keeps fields the schema does not declare and accepts unknown roles and providers", () => {
    const input = { username: "jsmith", role: "org_future_role", provider: "okta", shiny: { nested: true } }
    expect(Schema.decodeUnknownSync(UserSchema.User)(input)).toEqual(input)
  })

  it("a group needs a 32-hex id", () => {
    expect(() => Schema.decodeUnknownSync(GroupSchema.Group)({ id: "not-an-id", title: "x", owner: "y" })).toThrow()
    const group = { id: "2ecb37a8c8fb4051af9c086c25503bb0", title: "x", owner: "y", access: "account" }
    expect(Schema.decodeUnknownSync(GroupSchema.Group)(group)).toEqual(group)
  })

  it("privileges: documented strings and unknown ones both decode", () => {
    const privileges = ["portal:admin:viewUsers", "portal:brand:newThing"]
    expect(Schema.decodeUnknownSync(RoleSchema.PrivilegesResponse)({ privileges })).toEqual({ privileges })
    const typed: RoleSchema.Privilege = "portal:user:createItem"
    const other: RoleSchema.Privilege = "anything:else"
    expect(RoleSchema.knownPrivileges).toContain(typed)
    expect(RoleSchema.knownPrivileges).not.toContain(other)
  })

  it("a role decodes the documented list entry", () => {
    const input = { id: "Pi5ZcW4sddhtho45", name: "Analysts", description: "", created: 1, modified: 2 }
    expect(
      Schema.decodeUnknownSync(RoleSchema.RolesResponse)({
        total: 1,
        start: 1,
        num: 10,
        nextStart: -1,
        roles: [input],
      }),
    ).toEqual({ total: 1, start: 1, num: 10, nextStart: -1, roles: [input] })
  })
})
