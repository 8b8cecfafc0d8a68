/**
 * The administration chapter (as an administrator): a custom role with chosen privileges, a user
 * with that role, a group with the user in it, its members shown — then everything removed again,
 * each recorded in the ledger (so a failure half-way still cleans up at the end of the tour).
 */
import type { GIS } from "@arcgis-portal/gis"
import type { Ledger } from "./Ledger.ts"

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

export const adminTour = async (options: {
  /** An administrator's connection. */
  readonly gis: GIS
  readonly ledger: Ledger
  readonly log: (line: string) => void
}): Promise<AdminTourResult> => {
  const { gis, ledger, log } = options
  const stamp = Date.now().toString(36).slice(-6)
  const role = await gis.users.roles.create({
    name: `Demo analysts ${stamp}`,
    description: "Created by the demo tour",
    privileges: [
      "portal:user:createItem",
      "portal:user:joinGroup",
      "portal:user:shareToGroup",
      "portal:user:viewOrgUsers",
    ],
  })
  const roleEntry = ledger.created("role", role.name, () => role.delete())
  log(`Created role "${role.name}" (${role.id}) with ${(await role.privileges()).length} privileges`)

  const username = `demo_analyst_${stamp}`
  const created = await gis.users.create({
    username,
    password: `demo-${stamp}-password`,
    firstname: "Demo",
    lastname: "Analyst",
    email: `${username}@example.invalid`,
    role: role.id,
  })
  const userEntry = ledger.created("user", username, async () => {
    const user = created ?? (await gis.users.get(username))
    return user === undefined ? "already gone" : user.delete()
  })
  log(`Created user ${created?.username ?? username} with that role (${created?.roleId ?? "?"})`)

  const group = await gis.groups.create({ title: `Demo team ${stamp}`, tags: ["demo"], access: "org" })
  const groupEntry = ledger.created("group", group.title, () => group.delete())
  const added = await group.addUsers([username])
  log(`Created group "${group.title}" and added the user (not added: ${JSON.stringify(added.notAdded)})`)
  const members = await group.getMembers()
  log(
    `Members: owner ${members.owner}; admins ${JSON.stringify(members.admins)}; users ${JSON.stringify(members.users)}`,
  )

  // Newest first: the group, then the user, then the role nobody holds any more.
  const cleaned =
    (await ledger.release(groupEntry)) && (await ledger.release(userEntry)) && (await ledger.release(roleEntry))
  log(cleaned ? "Cleaned up: group, user and role deleted" : "Clean-up incomplete (the tour retries at the end)")
  return { roleId: role.id, username, members, cleanedUp: cleaned }
}
