/**
 * Reading accounts: `community/self`, a profile (`community/users/<username>`), its thumbnail, and the user searches
 * (`community/users`, `portals/self/users[/search]`). What each caller sees of a profile is authorization.ts's rule.
 */
import { join } from "node:path"
import { canViewProfile, has, requireUser, seesFullProfile } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { forbidden, userNotFound } from "../../errors.ts"
import { renderUser } from "../../render.ts"
import { evaluate, parse } from "../../search/query.ts"
import { sortRecords } from "../../search/sort.ts"
import { orgIdOf } from "../../storage/portal.ts"
import { allUsers, findUser, type UserRow, type UserSortColumn, usersSortedBy } from "../../storage/users.ts"
import { pageOf } from "../paging.ts"
import { thumbnailFile } from "../thumbnails.ts"
import { targetUser } from "./common.ts"

/** `GET community/self`: the caller's own user object, with its effective privileges (an API key's are its own). */
export const self = (context: Context) => {
  const user = requireUser(context)
  return renderUser(context.db, orgIdOf(context.db), user, true, context.caller.privileges)
}

/** `GET community/users/<username>`: a profile the caller may see; the full one for the user and user admins. */
export const user = (context: Context, match: RegExpExecArray) => {
  const username = match[1] ?? ""
  const target = findUser(context.db, username)
  if (target === undefined) throw userNotFound()
  const orgId = orgIdOf(context.db)
  if (!canViewProfile(context, target)) throw userNotFound()
  return renderUser(context.db, orgId, target, seesFullProfile(context, target))
}

/** `GET community/users/<username>/info/<file>`: the user's thumbnail. */
export const userThumbnail = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  return thumbnailFile(join(context.dataDir, "users", user.username), user.thumbnail, match[2] ?? "")
}

/** A user as a search record: the private fields (email, role) only for those who see the full profile. */
const userRecord = (user: UserRow, full: boolean) => ({
  id: user.username,
  fields: {
    username: [user.username],
    fullname: [user.full_name],
    firstname: [user.first_name],
    lastname: [user.last_name],
    email: full ? [user.email] : [],
    role: full ? [user.role] : [],
    roleid: full ? [user.role_id] : [],
    description: [user.description ?? ""],
    tags: JSON.parse(user.tags) as Array<string>,
    orgid: [""],
    accountid: [""],
    provider: [user.provider],
  },
  numbers: { created: user.created, modified: user.modified, lastlogin: user.last_login },
  caseSensitive: new Set(["username"]),
})

/** The users of `rows` the caller may see that query `q` matches, rendered as the caller may see them. */
const searchUsers = (context: Context, rows: ReadonlyArray<UserRow>, q: string) => {
  const orgId = orgIdOf(context.db)
  const tree = parse(q)
  const matched = rows.filter((user) => {
    if (!canViewProfile(context, user)) return false
    const record = userRecord(user, seesFullProfile(context, user))
    return evaluate(
      tree,
      { ...record, fields: { ...record.fields, orgid: [orgId], accountid: [orgId] } },
      ["username", "fullname", "email", "description", "tags"],
      new Set(["username", "role", "roleid", "orgid", "accountid", "provider"]),
    )
  })
  return matched.map((user) => renderUser(context.db, orgId, user, seesFullProfile(context, user)))
}

/** `GET community/users`: a user search (`q`, `sortField`, `sortOrder`, paging). */
export const userSearch = (context: Context) => {
  requireUser(context)
  const q = context.params.get("q") ?? ""
  const users = allUsers(context.db)
  const sorted = sortRecords(
    searchUsers(context, users, q),
    context.params.get("sortField") ?? "username",
    context.params.get("sortOrder"),
  )
  const { page, ...meta } = pageOf(context, sorted)
  return { query: q, ...meta, results: page }
}

/** The column each `sortField` sorts users by (a Map: the key comes from the request, `constructor` included). */
const userSort = new Map<string, UserSortColumn>([
  ["username", "username"],
  ["fullname", "full_name"],
  ["created", "created"],
  ["lastlogin", "last_login"],
  ["level", "level"],
  ["role", "role"],
  ["modified", "modified"],
])

/** The org's users, sorted in the database; `searching`: filtered by `q` and answered like a search. */
const listOrgUsers = (context: Context, searching: boolean) => {
  requireUser(context)
  if (!(has(context, "portal:admin:viewUsers") || has(context, "portal:user:viewOrgUsers"))) throw forbidden()
  const q = context.params.get("q") ?? ""
  const column = userSort.get((context.params.get("sortField") ?? "username").toLowerCase()) ?? "username"
  const direction = (context.params.get("sortOrder") ?? "asc").toLowerCase() === "desc" ? "DESC" : "ASC"
  const users = usersSortedBy(context.db, column, direction)
  const rendered = searchUsers(context, users, searching ? q : "")
  const { page, ...meta } = pageOf(context, rendered)
  return searching ? { query: q, ...meta, results: page } : { ...meta, users: page }
}

/** `GET portals/self/users`: the org's users (`users`). */
export const orgUsers = (context: Context) => listOrgUsers(context, false)

/** `GET portals/self/users/search`: the org's users matching `q`, answered like a search (`query`, `results`). */
export const orgUserSearch = (context: Context) => listOrgUsers(context, true)
