/**
 * The administration chapter: a custom role with chosen privileges, a user with that role, a group
 * with the user in it, its members shown — then everything removed again.
 */
import type { PortalError } from "@arcgis-portal/core"
import { Groups, Roles, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

export interface AdminTourResult {
  readonly roleId: string
  readonly username: string
  readonly members: {
    readonly owner: string
    readonly admins: ReadonlyArray<string>
    readonly users: ReadonlyArray<string>
  }
  readonly cleanedUp: boolean
}

export const adminTour = (options: {
  readonly log: (line: string) => void
}): Effect.Effect<AdminTourResult, PortalError.PortalFailure, Users.Users | Groups.Groups | Roles.Roles> =>
  Effect.gen(function* () {
    const users = yield* Users.Users
    const groups = yield* Groups.Groups
    const roles = yield* Roles.Roles
    const log = options.log
    const stamp = Date.now().toString(36).slice(-6)
    const role = yield* roles.create({
      name: `Demo analysts ${stamp}`,
      description: "Created by the demo tour",
      privileges: [
        "portal:user:createItem",
        "portal:user:joinGroup",
        "portal:user:shareToGroup",
        "portal:user:viewOrgUsers",
      ],
    })
    log(`Created role "${role.name}" (${role.id}) with ${(yield* roles.privileges(role)).length} privileges`)
    const username = `demo_analyst_${stamp}`
    const created = yield* users.create({
      username,
      password: Redacted.make(`demo-${stamp}-password`),
      firstname: "Demo",
      lastname: "Analyst",
      email: `${username}@example.invalid`,
      role: role.id,
    })
    log(`Created user ${created?.username ?? username} with that role (${created?.roleId ?? "?"})`)
    const group = yield* groups.create({ title: `Demo team ${stamp}`, tags: ["demo"], access: "org" })
    const added = yield* groups.addUsers(group, [username])
    log(`Created group "${group.title}" and added the user (not added: ${JSON.stringify(added.notAdded)})`)
    const members = yield* groups.getMembers(group)
    log(
      `Members: owner ${members.owner}; admins ${JSON.stringify(members.admins)}; users ${JSON.stringify(members.users)}`,
    )
    const cleaned = (yield* groups.delete(group)) && (yield* users.delete({ username })) && (yield* roles.delete(role))
    log(cleaned ? "Cleaned up: group, user and role deleted" : "Clean-up incomplete")
    return { roleId: role.id, username, members, cleanedUp: cleaned }
  })
