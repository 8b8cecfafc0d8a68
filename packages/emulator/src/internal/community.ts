/** Users, groups and roles (digest §6–8), with the portal's authorization rules. */
import { join } from "node:path"
import {
  canGrantRole,
  canListMembers,
  canManageAccount,
  canManageGroup,
  canOwnGroup,
  canReadRole,
  canViewGroup,
  canViewItem,
  canViewProfile,
  has,
  isApiKey,
  isFullAdmin,
  isSelf,
  memberType,
  requireFullAdmin,
  requirePrivilege,
  requireUser,
  roleHas,
  seesFullProfile,
} from "./authorization.ts"
import { type Context, orgOf, paging, type Route } from "./context.ts"
import { type Database, transaction } from "./db.ts"
import { badRequest, Fault, forbidden, groupNotFound, RawBody, userNotFound } from "./fault.ts"
import { contentTypeOf, moveInto, openFile, removeDir } from "./files.ts"
import { alnum, hashPassword, hex32, isHex32, verifyPassword } from "./ids.ts"
import { findUser, type ItemRow, orgIdOf, renderItem, renderUser, type UserRow } from "./model.ts"
import { limitList, type Params } from "./request.ts"
import { evaluate, itemMatcher, parse, sortRecords } from "./search.ts"

const now = () => Date.now()

interface GroupRow {
  id: string
  title: string
  owner: string
  description: string | null
  snippet: string | null
  tags: string
  access: "private" | "org" | "public"
  is_invitation_only: number
  is_view_only: number
  auto_join: number
  sort_field: string
  sort_order: string
  protected: number
  thumbnail: string | null
  properties: string | null
  created: number
  modified: number
}

const builtInKeys = new Set(["org_admin", "org_publisher", "org_user"])
const prebuilt = new Set(["iAAAAAAAAAAAAAAA", "iBBBBBBBBBBBBBBB"])

/** A comma-separated list parameter; more values than `limitList` allows are a 400 envelope. */
const list = (params: Params, name: string): Array<string> =>
  limitList(
    name,
    (params.get(name) ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
  )

const bool = (params: Params, name: string): boolean | undefined => {
  const raw = params.get(name)
  if (raw === undefined || raw === "") return undefined
  if (raw.toLowerCase() === "true") return true
  if (raw.toLowerCase() === "false") return false
  throw badRequest("Invalid request", [`'${name}' must be true or false.`])
}

const admin = (context: Context, privilege: string): UserRow => requirePrivilege(context, privilege)

const notify = (db: Database, username: string, type: string, data: Record<string, unknown>) =>
  db
    .prepare(
      "INSERT INTO notifications (id, username, type, target, target_type, data, received) VALUES (?, ?, ?, ?, 'user', ?, ?)",
    )
    .run(hex32(), username, type, username, JSON.stringify(data), now())

// ---------------------------------------------------------------- users

const usernamePattern = /^[A-Za-z0-9_@.-]{6,24}$/

/** The base role a custom role reports, from its privileges. */
const baseRole = (privileges: ReadonlyArray<string>) =>
  privileges.some((privilege) => privilege.startsWith("portal:admin:"))
    ? "org_admin"
    : privileges.some((privilege) => privilege.startsWith("portal:publisher:"))
      ? "org_publisher"
      : "org_user"

/** `role` as a user gives it (a built-in key, `org_viewer`, or a role id) → the stored role and role id. */
const resolveRole = (db: Database, role: string | undefined): { role: string; roleId: string } => {
  const wanted = role === undefined || role === "" ? "org_user" : role === "org_viewer" ? "iAAAAAAAAAAAAAAA" : role
  const row = db.prepare("SELECT id, privileges FROM roles WHERE id = ?").get(wanted) as
    | { id: string; privileges: string }
    | undefined
  if (row === undefined) throw badRequest("Invalid role.", [`Role '${wanted.slice(0, 64)}' does not exist.`])
  return {
    role: builtInKeys.has(row.id) ? row.id : baseRole(JSON.parse(row.privileges) as Array<string>),
    roleId: row.id,
  }
}

const insertUser = (
  context: Context,
  fields: {
    username: string
    password: string | undefined
    firstname: string
    lastname: string
    fullname?: string
    email: string
    description?: string | undefined
    role?: string | undefined
    provider?: string | undefined
    idpUsername?: string | undefined
    level?: string | undefined
    userType?: string | undefined
  },
) => {
  const { db } = context
  if (!usernamePattern.test(fields.username))
    throw badRequest("Invalid username.", ["Usernames are 6 to 24 letters, digits or _ @ - ."])
  const provider = fields.provider ?? "arcgis"
  if (provider !== "arcgis" && provider !== "enterprise")
    throw badRequest("Invalid provider.", ["provider must be arcgis or enterprise."])
  if (provider === "arcgis" && (fields.password === undefined || fields.password.length < 8))
    throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
  if (provider === "enterprise" && !fields.idpUsername)
    throw badRequest("Invalid request", ["idpUsername is required for enterprise users."])
  if (!fields.email.includes("@") || fields.email.length > 256)
    throw badRequest("Invalid email.", ["A valid email is required."])
  if (
    fields.firstname === "" ||
    fields.lastname === "" ||
    fields.firstname.length > 128 ||
    fields.lastname.length > 128
  )
    throw badRequest("Invalid request", ["firstname and lastname are required."])
  const { role, roleId } = resolveRole(db, fields.role)
  const level = fields.level ?? (roleId === "iAAAAAAAAAAAAAAA" ? "1" : "2")
  if (level !== "1" && level !== "2") throw badRequest("Invalid level.", ["level must be 1 or 2."])
  if (
    findUser(db, fields.username) !== undefined ||
    db.prepare("SELECT 1 FROM users WHERE lower(username) = lower(?)").get(fields.username) !== undefined
  ) {
    throw badRequest("Username already exists.", [`The username '${fields.username}' is not available.`])
  }
  const time = now()
  db.prepare(
    `INSERT INTO users (username, id, password_hash, first_name, last_name, full_name, email, description, role, role_id, level, user_type, provider, idp_username, access, created, modified)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'org', ?, ?)`,
  ).run(
    fields.username,
    hex32(),
    hashPassword(fields.password ?? hex32()),
    fields.firstname,
    fields.lastname,
    fields.fullname ?? `${fields.firstname} ${fields.lastname}`,
    fields.email,
    fields.description ?? null,
    role,
    roleId,
    level,
    fields.userType ?? (level === "1" ? "viewerUT" : "creatorUT"),
    provider,
    fields.idpUsername ?? null,
    time,
    time,
  )
}

/** `POST <portal>/portaladmin/security/users/createUser` — answered in the admin API's envelope. */
const createUser = (context: Context) => {
  // The "Add members" privilege (or Security and Infrastructure), and never an account above the caller's own.
  requireUser(context)
  if (!has(context, "portal:admin:inviteUsers") && !has(context, "portal:admin:manageSecurity")) throw forbidden()
  const p = context.params
  if (!canGrantRole(context, resolveRole(context.db, p.get("role")).roleId)) throw forbidden()
  transaction(context.db, () =>
    insertUser(context, {
      username: p.get("username") ?? "",
      password: p.get("password"),
      firstname: p.get("firstname") ?? "",
      lastname: p.get("lastname") ?? "",
      email: p.get("email") ?? "",
      description: p.get("description"),
      role: p.get("role"),
      provider: p.get("provider"),
      idpUsername: p.get("idpUsername"),
      level: p.get("level"),
      userType: p.get("userLicenseTypeId"),
    }),
  )
  return { status: "success" }
}

/** The most invitations one `invite` call takes. */
const maxInvitations = 100

/** `portals/self/invite` (the Online path): creates the invited users directly. */
const invite = (context: Context) => {
  admin(context, "portal:admin:inviteUsers")
  const list = context.params.get("invitationList")
  let invitations: Array<Record<string, unknown>>
  try {
    const parsed = JSON.parse(list ?? "") as { invitations?: unknown }
    if (!Array.isArray(parsed.invitations)) throw new Error("no invitations")
    if (!parsed.invitations.every((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry)))
      throw new Error("an invitation is not an object")
    invitations = parsed.invitations as Array<Record<string, unknown>>
  } catch {
    throw badRequest("Invalid request", ["'invitationList' must be {\"invitations\": [{...}, ...]}."])
  }
  // Each invitation hashes a password (tens of milliseconds of CPU): a bounded list keeps one call short.
  limitList("invitationList", invitations, maxInvitations)
  // Nobody invites an account above their own: the whole request is refused before anyone is created.
  for (const invitation of invitations) {
    const role = typeof invitation.role === "string" ? invitation.role : undefined
    let roleId: string | undefined
    try {
      roleId = resolveRole(context.db, role).roleId
    } catch {
      roleId = undefined // an unknown role: that invitation lands in notInvited below
    }
    if (roleId !== undefined && !canGrantRole(context, roleId)) throw forbidden()
  }
  const notInvited: Array<string> = []
  for (const invitation of invitations) {
    const text = (key: string) => (typeof invitation[key] === "string" ? (invitation[key] as string) : undefined)
    try {
      transaction(context.db, () =>
        insertUser(context, {
          username: text("username") ?? "",
          password: text("password") ?? `${hex32()}Aa1!`,
          firstname: text("firstname") ?? "",
          lastname: text("lastname") ?? "",
          ...(text("fullname") ? { fullname: text("fullname") as string } : {}),
          email: text("email") ?? "",
          role: text("role"),
          level: invitation.level === undefined ? undefined : String(invitation.level),
        }),
      )
    } catch {
      notInvited.push(text("username") ?? "")
    }
  }
  return { success: true, notInvited }
}

const signUp = (context: Context) => {
  const { properties } = orgOf(context.db)
  if (properties.canSignUpUsers !== true) throw forbidden()
  const p = context.params
  const [firstname, ...rest] = (p.get("fullname") ?? "").trim().split(/\s+/)
  transaction(context.db, () =>
    insertUser(context, {
      username: p.get("username") ?? "",
      password: p.get("password"),
      firstname: firstname ?? "",
      lastname: rest.join(" ") || (firstname ?? ""),
      email: p.get("email") ?? "",
      role: "iAAAAAAAAAAAAAAA",
    }),
  )
  return { success: true }
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

const pageOf = <A>(context: Context, records: ReadonlyArray<A>) => {
  const { start, num } = paging(context.params)
  const page = records.slice(start - 1, start - 1 + num)
  const end = start - 1 + page.length
  return { total: records.length, start, num: page.length, nextStart: end < records.length ? end + 1 : -1, page }
}

const communityUsers = (context: Context) => {
  requireUser(context)
  const q = context.params.get("q") ?? ""
  const users = context.db.prepare("SELECT * FROM users ORDER BY username").all() as unknown as Array<UserRow>
  const sorted = sortRecords(
    searchUsers(context, users, q),
    context.params.get("sortField") ?? "username",
    context.params.get("sortOrder"),
  )
  const { page, ...meta } = pageOf(context, sorted)
  return { query: q, ...meta, results: page }
}

/** The column each `sortField` sorts users by (a Map: the key comes from the request, `constructor` included). */
const userSort = new Map([
  ["username", "username"],
  ["fullname", "full_name"],
  ["created", "created"],
  ["lastlogin", "last_login"],
  ["level", "level"],
  ["role", "role"],
  ["modified", "modified"],
])

const orgUsers = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  if (!(has(context, "portal:admin:viewUsers") || has(context, "portal:user:viewOrgUsers"))) throw forbidden()
  const searching = (match[1] ?? "") !== ""
  const q = context.params.get("q") ?? ""
  const column = userSort.get((context.params.get("sortField") ?? "username").toLowerCase()) ?? "username"
  const direction = (context.params.get("sortOrder") ?? "asc").toLowerCase() === "desc" ? "DESC" : "ASC"
  const users = context.db
    .prepare(`SELECT * FROM users ORDER BY ${column} ${direction}, username`)
    .all() as unknown as Array<UserRow>
  const rendered = searchUsers(context, users, searching ? q : "")
  const { page, ...meta } = pageOf(context, rendered)
  return searching ? { query: q, ...meta, results: page } : { ...meta, users: page }
}

const target = (context: Context, raw: string): UserRow => {
  const user = findUser(context.db, raw)
  if (user === undefined || !canViewProfile(context, user)) throw userNotFound()
  return user
}

/**
 * Changing an account: the user themself (signed in as themself — an API key never changes its owner's account), or
 * an administrator holding `privilege` whose reach covers the account (authorization.ts `canManageAccount`).
 */
const selfOrAdmin = (context: Context, user: UserRow, privilege: string) => {
  const caller = requireUser(context)
  if (!isSelf(context, user) && !canManageAccount(context, user, privilege)) throw forbidden()
  return caller
}

/** Reading an account's own lists (notifications, invitations, tags): the user themself or `portal:admin:viewUsers`. */
const selfOrViewer = (context: Context, user: UserRow) => {
  const caller = requireUser(context)
  if (!isSelf(context, user) && !has(context, "portal:admin:viewUsers")) throw forbidden()
  return caller
}

const owns = (db: Database, username: string) =>
  db.prepare("SELECT 1 FROM items WHERE owner = ? LIMIT 1").get(username) !== undefined ||
  db.prepare("SELECT 1 FROM groups WHERE owner = ? LIMIT 1").get(username) !== undefined

const reassignAll = (context: Context, from: UserRow, to: UserRow) => {
  const { db } = context
  const folders = db.prepare("SELECT id, title FROM folders WHERE owner = ?").all(from.username) as Array<{
    id: string
    title: string
  }>
  for (const folder of folders) {
    let title = `${from.username}_${folder.title}`.slice(0, 250)
    while (
      db.prepare("SELECT 1 FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE").get(to.username, title) !==
      undefined
    )
      title = `${title}_`.slice(-250)
    db.prepare("UPDATE folders SET owner = ?, title = ? WHERE id = ?").run(to.username, title, folder.id)
  }
  db.prepare("UPDATE items SET owner = ?, modified = ? WHERE owner = ?").run(to.username, now(), from.username)
  const groups = db.prepare("SELECT id FROM groups WHERE owner = ?").all(from.username) as Array<{ id: string }>
  for (const group of groups) setOwner(db, group.id, from.username, to.username)
}

const setOwner = (db: Database, groupId: string, from: string, to: string) => {
  db.prepare("UPDATE groups SET owner = ?, modified = ? WHERE id = ?").run(to, now(), groupId)
  db.prepare(
    "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, 'owner', ?) ON CONFLICT(group_id, username) DO UPDATE SET member_type = 'owner'",
  ).run(groupId, to, now())
  db.prepare("UPDATE group_members SET member_type = 'admin' WHERE group_id = ? AND username = ?").run(groupId, from)
}

const userOperation = (context: Context, match: RegExpExecArray) => {
  const user = target(context, match[1] ?? "")
  const operation = (match[2] ?? "").toLowerCase()
  const { db, params } = context
  switch (operation) {
    case "update": {
      selfOrAdmin(context, user, "portal:admin:updateUsers")
      const columns: Record<string, string | null> = {}
      const clear = bool(params, "clearEmptyFields") === true
      const set = (param: string, column: string, max: number) => {
        const value = params.get(param)
        if (value === undefined) return
        if (value.length > max) throw badRequest("Invalid request", [`'${param}' is too long.`])
        columns[column] = value === "" && clear ? null : value
      }
      set("description", "description", 32_768)
      set("fullname", "full_name", 256)
      set("firstname", "first_name", 128)
      set("lastname", "last_name", 128)
      set("culture", "culture", 32)
      set("region", "region", 32)
      set("preferredView", "preferred_view", 16)
      const access = params.get("access")
      if (access !== undefined) {
        if (!["private", "org", "public"].includes(access))
          throw badRequest("Invalid access.", ["access must be private, org or public."])
        columns.access = access
      }
      const email = params.get("email")
      if (email !== undefined) {
        if (!email.includes("@")) throw badRequest("Invalid email.")
        columns.email = email
      }
      if (params.get("tags") !== undefined) columns.tags = JSON.stringify(list(params, "tags"))
      const password = params.get("password")
      if (password !== undefined) {
        // Another user's password: a default administrator only (it hands over the account).
        if (!isSelf(context, user) && !isFullAdmin(context)) throw forbidden()
        if (password.length < 8) throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
        columns.password_hash = hashPassword(password)
      }
      const thumbnail = params.files.find((file) => file.field.toLowerCase() === "thumbnail")
      if (thumbnail !== undefined) {
        if (thumbnail.size > 1_048_576) throw badRequest("Thumbnail too large.", ["User thumbnails are at most 1 MB."])
        const name = /\.(png|jpe?g|gif)$/i.test(thumbnail.fileName)
          ? thumbnail.fileName.replace(/[^\w.-]/g, "_")
          : "thumbnail.png"
        removeDir(join(context.dataDir, "users", user.username))
        moveInto(thumbnail.path, join(context.dataDir, "users", user.username, name))
        columns.thumbnail = name
      }
      const names = Object.keys(columns)
      transaction(db, () => {
        if (names.length > 0)
          db.prepare(
            `UPDATE users SET ${names.map((name) => `${name} = ?`).join(", ")}, modified = ? WHERE username = ?`,
          ).run(...names.map((name) => columns[name] ?? null), now(), user.username)
      })
      return { success: true, username: user.username }
    }
    case "delete": {
      selfOrAdmin(context, user, "portal:admin:deleteUsers")
      const reassignTo = params.get("reassignTo")
      transaction(db, () => {
        if (reassignTo) {
          const to = findUser(db, reassignTo)
          if (to === undefined || to.username === user.username)
            throw badRequest("Invalid request", ["reassignTo must be another existing user."])
          reassignAll(context, user, to)
        }
        if (owns(db, user.username))
          throw badRequest(
            "Unable to delete user.",
            ["The user owns items or groups. Reassign or delete them first."],
            "COM_0083",
          )
        db.prepare("DELETE FROM group_members WHERE username = ?").run(user.username)
        db.prepare("DELETE FROM group_applications WHERE username = ?").run(user.username)
        db.prepare("DELETE FROM tokens WHERE username = ?").run(user.username)
        db.prepare("DELETE FROM api_keys WHERE username = ?").run(user.username)
        db.prepare("DELETE FROM users WHERE username = ?").run(user.username)
      })
      return { success: true, username: user.username }
    }
    case "disable":
    case "enable": {
      const caller = admin(context, "portal:admin:disableUsers")
      if (caller.username === user.username)
        throw badRequest("Unable to disable user.", ["You cannot disable yourself."])
      if (!canManageAccount(context, user, "portal:admin:disableUsers")) throw forbidden()
      transaction(db, () =>
        db
          .prepare("UPDATE users SET disabled = ?, modified = ? WHERE username = ?")
          .run(operation === "disable" ? 1 : 0, now(), user.username),
      )
      return { success: true, username: user.username }
    }
    case "reset": {
      // One's own password (knowing it), or a default administrator's reset: anyone else would take the account over.
      requireUser(context)
      if (!isSelf(context, user) && !isFullAdmin(context)) throw forbidden()
      const newPassword = params.get("newPassword")
      // The new values are checked first: the current password is only worked out (a deliberately slow hash) for
      // a request that could succeed.
      if (newPassword !== undefined && newPassword.length < 8)
        throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
      const question = params.get("newSecurityQuestionIdx")
      if (question !== undefined && !/^\d{1,2}$/.test(question))
        throw badRequest("Invalid request", ["'newSecurityQuestionIdx' must be an integer."])
      if (isSelf(context, user)) {
        const current = params.get("password") ?? ""
        if (!verifyPassword(current, user.password_hash))
          throw badRequest("Unable to reset password.", ["The current password is not correct."])
      }
      if (newPassword !== undefined)
        transaction(db, () =>
          db
            .prepare("UPDATE users SET password_hash = ?, modified = ? WHERE username = ?")
            .run(hashPassword(newPassword), now(), user.username),
        )
      return { success: true }
    }
    case "reassign": {
      admin(context, "portal:admin:reassignUsers")
      if (!canManageAccount(context, user, "portal:admin:reassignUsers")) throw forbidden()
      const to = findUser(db, params.get("targetUsername") ?? "")
      if (to === undefined || to.username === user.username)
        throw badRequest("Invalid request", ["targetUsername must be another existing user."])
      transaction(db, () => reassignAll(context, user, to))
      return { success: true }
    }
    case "notifications": {
      selfOrViewer(context, user)
      const rows = db
        .prepare("SELECT * FROM notifications WHERE username = ? ORDER BY received DESC")
        .all(user.username) as Array<{
        id: string
        type: string
        target: string
        target_type: string
        data: string
        received: number
      }>
      return {
        notifications: rows.map((row) => ({
          id: row.id,
          type: row.type,
          target: row.target,
          targetType: row.target_type,
          received: row.received,
          data: JSON.parse(row.data),
        })),
      }
    }
    case "invitations": {
      selfOrViewer(context, user)
      return { userInvitations: invitationsOf(db, user.username) }
    }
    case "tags": {
      selfOrViewer(context, user)
      const counts = new Map<string, number>()
      for (const row of db.prepare("SELECT tags FROM items WHERE owner = ?").all(user.username) as Array<{
        tags: string
      }>) {
        for (const tag of JSON.parse(row.tags) as Array<string>) counts.set(tag, (counts.get(tag) ?? 0) + 1)
      }
      return { tags: [...counts].map(([tag, count]) => ({ tag, count })) }
    }
    default:
      throw new Fault(404, "The requested URL was not found.", undefined, [], 404)
  }
}

const invitationsOf = (db: Database, username: string) =>
  (
    db
      .prepare(
        "SELECT i.*, g.title AS group_title FROM invitations i LEFT JOIN groups g ON g.id = i.group_id WHERE i.username = ? AND i.accepted = 0 AND i.expires > ? ORDER BY i.created",
      )
      .all(username, now()) as Array<{
      id: string
      group_id: string
      role: string
      expires: number
      created: number
      from_username: string | null
      group_title: string | null
    }>
  ).map((row) => ({
    id: row.id,
    targetType: "group",
    targetId: row.group_id,
    groupId: row.group_id,
    role: row.role,
    type: "user",
    username,
    fromUsername: { username: row.from_username ?? "", fullname: row.from_username ?? "" },
    received: row.created,
    created: row.created,
    expiration: row.expires,
    accepted: false,
    mustApprove: false,
    group: { id: row.group_id, title: row.group_title },
  }))

const notificationDelete = (context: Context, match: RegExpExecArray) => {
  const user = target(context, match[1] ?? "")
  selfOrAdmin(context, user, "portal:admin:updateUsers")
  const removed = transaction(context.db, () =>
    context.db.prepare("DELETE FROM notifications WHERE id = ? AND username = ?").run(match[2] ?? "", user.username),
  )
  if (removed.changes === 0) throw badRequest("Notification does not exist.", [])
  return { success: true, notificationId: match[2] }
}

const invitationOperation = (context: Context, match: RegExpExecArray) => {
  const user = target(context, match[1] ?? "")
  requireUser(context)
  if (!isSelf(context, user)) throw forbidden()
  const invitation = invitationsOf(context.db, user.username).find((entry) => entry.id === match[2])
  if (invitation === undefined) throw badRequest("Invitation does not exist or has expired.", [], "COM_0074")
  const operation = (match[3] ?? "").toLowerCase()
  if (operation === "") return invitation
  if (context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  // Accepting makes the user a member: it needs the privilege joining does.
  if (operation === "accept" && !has(context, "portal:user:joinGroup")) throw forbidden()
  transaction(context.db, () => {
    context.db
      .prepare("UPDATE invitations SET accepted = ? WHERE id = ?")
      .run(operation === "accept" ? 1 : -1, invitation.id)
    if (operation === "accept") {
      context.db
        .prepare(
          "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, ?, ?) ON CONFLICT(group_id, username) DO NOTHING",
        )
        .run(invitation.groupId, user.username, invitation.role === "group_admin" ? "admin" : "member", now())
    }
  })
  return { success: true, username: user.username, groupId: invitation.groupId, id: invitation.id }
}

const userThumbnail = (context: Context, match: RegExpExecArray) => {
  const user = target(context, match[1] ?? "")
  const name = match[2] ?? ""
  const path = join(context.dataDir, "users", user.username, name)
  const file = name.includes("/") || name.includes("..") || user.thumbnail !== name ? undefined : openFile(path)
  if (file === undefined) throw new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)
  return new RawBody(file.stream, contentTypeOf(name), name, file.size)
}

const updateUserRole = (context: Context) => {
  const caller = admin(context, "portal:admin:changeUserRoles")
  const user = findUser(context.db, context.params.get("user") ?? "")
  if (user === undefined) throw userNotFound()
  const { role, roleId } = resolveRole(context.db, context.params.get("role"))
  // Neither the account nor the role it gets may be above the caller's own (an org administrator's: default admins only).
  if (!canManageAccount(context, user, "portal:admin:changeUserRoles") || !canGrantRole(context, roleId))
    throw forbidden()
  if (user.username === caller.username && roleId !== "org_admin")
    throw badRequest("Unable to update role.", ["You cannot change your own role."])
  transaction(context.db, () =>
    context.db
      .prepare("UPDATE users SET role = ?, role_id = ?, level = ?, modified = ? WHERE username = ?")
      .run(role, roleId, roleId === "iAAAAAAAAAAAAAAA" ? "1" : "2", now(), user.username),
  )
  return { success: true, username: user.username }
}

// ---------------------------------------------------------------- groups

const findGroup = (db: Database, id: string): GroupRow | undefined =>
  isHex32(id) ? (db.prepare("SELECT * FROM groups WHERE id = ?").get(id) as GroupRow | undefined) : undefined

const renderGroup = (context: Context, group: GroupRow) => {
  const membership = memberType(context.db, group.id, context.user?.username)
  const applications =
    membership === "owner" || membership === "admin"
      ? (
          context.db.prepare("SELECT COUNT(*) AS n FROM group_applications WHERE group_id = ?").get(group.id) as {
            n: number
          }
        ).n
      : 0
  return {
    ...(group.properties === null ? {} : (JSON.parse(group.properties) as Record<string, unknown>)),
    id: group.id,
    title: group.title,
    owner: group.owner,
    orgId: orgIdOf(context.db),
    description: group.description,
    snippet: group.snippet,
    tags: JSON.parse(group.tags),
    typeKeywords: [],
    phone: null,
    thumbnail: group.thumbnail,
    access: group.access,
    isInvitationOnly: group.is_invitation_only === 1,
    isViewOnly: group.is_view_only === 1,
    autoJoin: group.auto_join === 1,
    sortField: group.sort_field,
    sortOrder: group.sort_order,
    protected: group.protected === 1,
    isFav: false,
    isReadOnly: false,
    created: group.created,
    modified: group.modified,
    userMembership: { username: context.user?.username ?? "", memberType: membership, applications },
  }
}

const visibleGroup = (context: Context, id: string): GroupRow => {
  const group = findGroup(context.db, id)
  if (group === undefined || !canViewGroup(context, group)) throw groupNotFound()
  return group
}

const groupSortFields = new Set(["title", "owner", "avgrating", "numviews", "created", "modified"])

const groupColumns = (params: Params): Record<string, string | number> => {
  const columns: Record<string, string | number> = {}
  const text = (param: string, column: string, max: number) => {
    const value = params.get(param)
    if (value === undefined) return
    if (value.length > max) throw badRequest("Invalid request", [`'${param}' is too long.`])
    columns[column] = value
  }
  text("title", "title", 256)
  text("description", "description", 65_535)
  text("snippet", "snippet", 250)
  if (params.get("tags") !== undefined) columns.tags = JSON.stringify(list(params, "tags"))
  const access = params.get("access")
  if (access !== undefined) {
    const normalized = access === "account" ? "org" : access
    if (!["private", "org", "public"].includes(normalized))
      throw badRequest("Invalid access.", ["access must be private, org or public."])
    columns.access = normalized
  }
  const flag = (param: string, column: string) => {
    const value = bool(params, param)
    if (value !== undefined) columns[column] = value ? 1 : 0
  }
  flag("isInvitationOnly", "is_invitation_only")
  flag("isViewOnly", "is_view_only")
  flag("autoJoin", "auto_join")
  const sortField = params.get("sortField")
  if (sortField !== undefined) {
    if (!groupSortFields.has(sortField.toLowerCase())) throw badRequest("Invalid sortField.")
    columns.sort_field = sortField
  }
  const sortOrder = params.get("sortOrder")
  if (sortOrder !== undefined) {
    if (!["asc", "desc"].includes(sortOrder.toLowerCase())) throw badRequest("Invalid sortOrder.")
    columns.sort_order = sortOrder.toLowerCase()
  }
  return columns
}

const storeGroupThumbnail = (context: Context, groupId: string, columns: Record<string, string | number>) => {
  const thumbnail = context.params.files.find((file) => file.field.toLowerCase() === "thumbnail")
  if (thumbnail === undefined) return
  const name = /\.(png|jpe?g|gif)$/i.test(thumbnail.fileName)
    ? thumbnail.fileName.replace(/[^\w.-]/g, "_")
    : "thumbnail.png"
  removeDir(join(context.dataDir, "groups", groupId))
  moveInto(thumbnail.path, join(context.dataDir, "groups", groupId, name))
  columns.thumbnail = name
}

const createGroup = (context: Context) => {
  const caller = admin(context, "portal:user:createGroup")
  const columns = groupColumns(context.params)
  const title = String(columns.title ?? "").trim()
  if (title === "") throw badRequest("Invalid request", ["'title' is required."])
  checkGroupAccess(context, columns.access)
  const id = hex32()
  storeGroupThumbnail(context, id, columns)
  const time = now()
  try {
    insertGroup(context, caller.username, id, title, time, columns)
  } catch (error) {
    // The thumbnail already moved into the group's folder: leave no orphan behind a failed insert.
    removeDir(join(context.dataDir, "groups", id))
    throw error
  }
  return { success: true, group: renderGroup(context, findGroup(context.db, id) as GroupRow) }
}

const insertGroup = (
  context: Context,
  owner: string,
  id: string,
  title: string,
  time: number,
  columns: Record<string, string | number>,
) =>
  transaction(context.db, () => {
    if (
      context.db.prepare("SELECT 1 FROM groups WHERE owner = ? AND title = ? COLLATE NOCASE").get(owner, title) !==
      undefined
    ) {
      throw badRequest("Unable to create group.", [`You already have a group named '${title}'.`])
    }
    const all = { id, owner, access: "private", created: time, modified: time, ...columns, title }
    const names = Object.keys(all)
    context.db
      .prepare(`INSERT INTO groups (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
      .run(...names.map((name) => (all as Record<string, string | number>)[name] ?? null))
    context.db
      .prepare("INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, 'owner', ?)")
      .run(id, owner, time)
  })

const searchGroups = (context: Context) => {
  const q = context.params.get("q") ?? ""
  const tree = parse(q)
  const orgId = orgIdOf(context.db)
  const rows = (
    context.db.prepare("SELECT * FROM groups ORDER BY title COLLATE NOCASE, id").all() as unknown as Array<GroupRow>
  ).filter((group) => canViewGroup(context, group))
  const matched = rows.filter((group) =>
    evaluate(
      tree,
      {
        id: group.id,
        fields: {
          id: [group.id],
          title: [group.title],
          owner: [group.owner],
          description: [group.description ?? ""],
          snippet: [group.snippet ?? ""],
          tags: JSON.parse(group.tags) as Array<string>,
          access: [group.access],
          orgid: [orgId],
          accountid: [orgId],
          typekeywords: [],
        },
        numbers: { created: group.created, modified: group.modified },
        caseSensitive: new Set(["owner", "id"]),
      },
      ["id", "title", "description", "snippet", "tags", "owner"],
      new Set(["id", "owner", "access", "orgid", "accountid", "tags"]),
    ),
  )
  const rendered = sortRecords(
    matched.map((group) => renderGroup(context, group)),
    context.params.get("sortField"),
    context.params.get("sortOrder"),
  )
  const { page, ...meta } = pageOf(context, rendered)
  return { query: q, ...meta, results: page }
}

/** Owners, managers and administrators with `privilege` run a group. */
const manages = (context: Context, group: GroupRow, privilege: string): UserRow => {
  const caller = requireUser(context)
  if (canManageGroup(context, group.id, privilege)) return caller
  throw forbidden()
}

/** A group's org or public access needs the user privilege to share groups that far (or the default admin role). */
const checkGroupAccess = (context: Context, access: string | number | undefined) => {
  const needed =
    access === "public"
      ? "portal:user:shareGroupToPublic"
      : access === "org"
        ? "portal:user:shareGroupToOrg"
        : undefined
  if (needed !== undefined && !has(context, needed) && !isFullAdmin(context)) throw forbidden()
}

const addMember = (db: Database, group: GroupRow, username: string, type: "admin" | "member") =>
  db
    .prepare(
      "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, ?, ?) ON CONFLICT(group_id, username) DO UPDATE SET member_type = CASE WHEN member_type = 'owner' THEN 'owner' ELSE excluded.member_type END",
    )
    .run(group.id, username, type, now())

const canJoin = (db: Database, user: UserRow) => roleHas(db, user, "portal:user:joinGroup")

const groupCount = (db: Database, username: string) =>
  (db.prepare("SELECT COUNT(*) AS n FROM group_members WHERE username = ?").get(username) as { n: number }).n

const groupOperation = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  const operation = (match[2] ?? "").toLowerCase()
  const { db, params } = context
  const reads = new Set(["users", "userlist", "applications"])
  if (!reads.has(operation) && context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  switch (operation) {
    case "update": {
      manages(context, group, "portal:admin:updateGroups")
      const columns = groupColumns(params)
      if (columns.title !== undefined && String(columns.title).trim() === "")
        throw badRequest("Invalid request", ["'title' cannot be empty."])
      if (columns.access !== group.access) checkGroupAccess(context, columns.access)
      storeGroupThumbnail(context, group.id, columns)
      const names = Object.keys(columns)
      transaction(db, () => {
        if (names.length > 0)
          db.prepare(
            `UPDATE groups SET ${names.map((name) => `${name} = ?`).join(", ")}, modified = ? WHERE id = ?`,
          ).run(...names.map((name) => columns[name] ?? null), now(), group.id)
      })
      return { success: true, groupId: group.id }
    }
    case "delete": {
      requireUser(context)
      if (!canOwnGroup(context, group, "portal:admin:deleteGroups")) throw forbidden()
      if (group.protected === 1)
        throw badRequest("Unable to delete group.", ["The group is delete-protected."], "COM_0039")
      transaction(db, () => db.prepare("DELETE FROM groups WHERE id = ?").run(group.id))
      removeDir(join(context.dataDir, "groups", group.id))
      return { success: true, groupId: group.id }
    }
    case "protect":
    case "unprotect": {
      requireUser(context)
      if (!canOwnGroup(context, group) && !isFullAdmin(context)) throw forbidden()
      transaction(db, () =>
        db.prepare("UPDATE groups SET protected = ? WHERE id = ?").run(operation === "protect" ? 1 : 0, group.id),
      )
      return { success: true }
    }
    case "reassign": {
      admin(context, "portal:admin:reassignGroups")
      const to = findUser(db, params.get("targetUsername") ?? "")
      if (to === undefined) throw badRequest("Unable to reassign group.", ["The target user does not exist."])
      transaction(db, () => setOwner(db, group.id, group.owner, to.username))
      return { success: true, groupId: group.id }
    }
    case "addusers": {
      manages(context, group, "portal:admin:assignToGroups")
      const users = list(params, "users")
      const admins = list(params, "admins")
      if (users.length + admins.length > 25)
        throw badRequest("Exceeded maximum number of users allowed per call.", [], "ORG_3100")
      const notAdded: Array<string> = []
      transaction(db, () => {
        for (const [username, type] of [
          ...users.map((name) => [name, "member"] as const),
          ...admins.map((name) => [name, "admin"] as const),
        ]) {
          const user = findUser(db, username)
          if (user === undefined || user.disabled === 1 || !canJoin(db, user) || groupCount(db, username) >= 512) {
            notAdded.push(username)
            continue
          }
          addMember(db, group, username, type)
          notify(db, username, "group_join", { groupId: group.id, groupTitle: group.title })
        }
      })
      return { notAdded }
    }
    case "removeusers": {
      manages(context, group, "portal:admin:assignToGroups")
      const users = list(params, "users")
      if (users.length > 25) throw badRequest("Exceeded maximum number of users allowed per call.", [], "ORG_3100")
      const notRemoved: Array<string> = []
      transaction(db, () => {
        for (const username of users) {
          const type = memberType(db, group.id, username)
          if (type === "none" || type === "owner") {
            notRemoved.push(username)
            continue
          }
          db.prepare("DELETE FROM group_members WHERE group_id = ? AND username = ?").run(group.id, username)
        }
      })
      return { notRemoved }
    }
    case "updateusers": {
      manages(context, group, "portal:admin:assignToGroups")
      const results: Array<{ username: string; success: boolean }> = []
      transaction(db, () => {
        for (const [names, type] of [
          [list(params, "admins"), "admin"],
          [list(params, "users"), "member"],
        ] as const) {
          for (const username of names) {
            const current = memberType(db, group.id, username)
            const ok = current === "admin" || current === "member"
            if (ok)
              db.prepare("UPDATE group_members SET member_type = ? WHERE group_id = ? AND username = ?").run(
                type,
                group.id,
                username,
              )
            results.push({ username, success: ok })
          }
        }
      })
      return { results }
    }
    case "invite": {
      const caller = manages(context, group, "portal:admin:assignToGroups")
      const role = params.get("role") ?? "group_member"
      if (role !== "group_member" && role !== "group_admin")
        throw badRequest("Invalid role.", ["role must be group_member or group_admin."])
      const expiration = Number(params.get("expiration") ?? "10080")
      if (!Number.isFinite(expiration) || expiration <= 0 || expiration > 525_600)
        throw badRequest("Invalid expiration.")
      transaction(db, () => {
        for (const username of list(params, "users")) {
          const user = findUser(db, username)
          if (user === undefined || memberType(db, group.id, username) !== "none") continue
          const id = `G${hex32()}`
          db.prepare(
            "INSERT INTO invitations (id, group_id, username, role, expires, created, from_username) VALUES (?, ?, ?, ?, ?, ?, ?)",
          ).run(id, group.id, username, role, now() + expiration * 60_000, now(), caller.username)
          notify(db, username, "group_invite", { groupId: group.id, groupTitle: group.title, invitationId: id })
        }
      })
      return { success: true, groupId: group.id }
    }
    case "join": {
      const caller = requireUser(context)
      if (!has(context, "portal:user:joinGroup")) throw forbidden()
      if (memberType(db, group.id, caller.username) !== "none") return { success: true, groupId: group.id }
      if (group.is_invitation_only === 1 && !isFullAdmin(context))
        throw badRequest("Unable to join group.", ["This group is by invitation only."], "COM_0064")
      transaction(db, () => {
        if (group.auto_join === 1 || isFullAdmin(context)) addMember(db, group, caller.username, "member")
        else {
          db.prepare(
            "INSERT OR IGNORE INTO group_applications (group_id, username, message, created) VALUES (?, ?, ?, ?)",
          ).run(group.id, caller.username, params.get("message") ?? null, now())
          notify(db, group.owner, "group_application", {
            groupId: group.id,
            groupTitle: group.title,
            username: caller.username,
          })
        }
      })
      return { success: true, groupId: group.id }
    }
    case "leave": {
      const caller = requireUser(context)
      // An API key leaves a group for its owner only with the privilege that joins one.
      if (isApiKey(context) && !has(context, "portal:user:joinGroup")) throw forbidden()
      const type = memberType(db, group.id, caller.username)
      if (type === "owner") throw badRequest("Unable to leave group.", ["The group owner cannot leave the group."])
      if (type === "none") throw badRequest("Unable to leave group.", ["You are not a member of this group."])
      transaction(db, () =>
        db.prepare("DELETE FROM group_members WHERE group_id = ? AND username = ?").run(group.id, caller.username),
      )
      return { success: true, groupId: group.id }
    }
    case "users": {
      requireUser(context)
      if (!canListMembers(context, group.id)) throw forbidden()
      const rows = db
        .prepare("SELECT username, member_type FROM group_members WHERE group_id = ? ORDER BY username")
        .all(group.id) as Array<{ username: string; member_type: string }>
      return {
        owner: group.owner,
        admins: rows.filter((row) => row.member_type !== "member").map((row) => row.username),
        users: rows.filter((row) => row.member_type === "member").map((row) => row.username),
      }
    }
    case "userlist": {
      requireUser(context)
      if (!canListMembers(context, group.id)) throw forbidden()
      const rows = db
        .prepare(
          "SELECT m.username, m.member_type, m.joined, u.full_name FROM group_members m JOIN users u ON u.username = m.username WHERE m.group_id = ? ORDER BY m.username",
        )
        .all(group.id) as Array<{ username: string; member_type: string; joined: number; full_name: string }>
      const members = rows.map((row) => ({
        username: row.username,
        fullName: row.full_name,
        memberType: row.member_type,
        joined: row.joined,
      }))
      const { page, ...meta } = pageOf(
        context,
        members.filter((member) => member.memberType !== "owner"),
      )
      return { ...meta, owner: members.find((member) => member.memberType === "owner") ?? null, users: page }
    }
    case "applications": {
      manages(context, group, "portal:admin:assignToGroups")
      const rows = db
        .prepare(
          "SELECT a.username, a.created, u.full_name FROM group_applications a JOIN users u ON u.username = a.username WHERE a.group_id = ? ORDER BY a.created",
        )
        .all(group.id) as Array<{ username: string; created: number; full_name: string }>
      return {
        applications: rows.map((row) => ({ username: row.username, fullName: row.full_name, received: row.created })),
      }
    }
    default:
      throw new Fault(404, "The requested URL was not found.", undefined, [], 404)
  }
}

const applicationOperation = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  manages(context, group, "portal:admin:assignToGroups")
  const username = match[2] ?? ""
  const application = context.db
    .prepare(
      "SELECT a.username, a.created, u.full_name FROM group_applications a JOIN users u ON u.username = a.username WHERE a.group_id = ? AND a.username = ?",
    )
    .get(group.id, username) as { username: string; created: number; full_name: string } | undefined
  if (application === undefined) throw badRequest("Application does not exist.", [], "COM_0075")
  const operation = (match[3] ?? "").toLowerCase()
  if (operation === "")
    return { username: application.username, fullname: application.full_name, received: application.created }
  if (context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  transaction(context.db, () => {
    context.db.prepare("DELETE FROM group_applications WHERE group_id = ? AND username = ?").run(group.id, username)
    if (operation === "accept") addMember(context.db, group, username, "member")
    notify(context.db, username, operation === "accept" ? "group_application_accepted" : "group_application_declined", {
      groupId: group.id,
      groupTitle: group.title,
    })
  })
  return { success: true, username, groupId: group.id }
}

const groupThumbnail = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  const name = match[2] ?? ""
  const path = join(context.dataDir, "groups", group.id, name)
  const file = name.includes("/") || name.includes("..") || group.thumbnail !== name ? undefined : openFile(path)
  if (file === undefined) throw new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)
  return new RawBody(file.stream, contentTypeOf(name), name, file.size)
}

const groupContent = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  const searching = (match[2] ?? "") !== ""
  const orgId = orgIdOf(context.db)
  const rows = context.db
    .prepare(
      "SELECT i.* FROM items i JOIN item_shares s ON s.item_id = i.id WHERE s.group_id = ? ORDER BY i.created, i.id",
    )
    .all(group.id) as unknown as Array<ItemRow>
  const q = context.params.get("q") ?? ""
  const matches = searching && q.trim() !== "" ? itemMatcher(context, q) : () => true
  const items = rows
    .filter((item) => canViewItem(context, item) && matches(item))
    .map((item) => renderItem(context.db, orgId, item))
  const sorted = searching
    ? sortRecords(
        items,
        context.params.get("sortField") ?? group.sort_field,
        context.params.get("sortOrder") ?? group.sort_order,
      )
    : sortRecords(items, group.sort_field, group.sort_order)
  const { page, ...meta } = pageOf(context, sorted)
  // `content/groups/<gid>` lists `items`; `.../search` answers like `search` (`query`, `results`).
  return searching ? { query: q, ...meta, results: page } : { ...meta, items: page }
}

// ---------------------------------------------------------------- roles

interface RoleRow {
  id: string
  name: string
  description: string
  privileges: string
  created: number
  modified: number
}

const renderRole = (role: RoleRow, privileges: boolean) => ({
  id: role.id,
  name: role.name,
  description: role.description,
  created: role.created,
  modified: role.modified,
  ...(privileges ? { privileges: JSON.parse(role.privileges) } : {}),
})

const roles = (context: Context) => {
  requireUser(context)
  if (!isFullAdmin(context) && !has(context, "portal:user:viewOrgUsers")) throw forbidden()
  const rows = (
    context.db.prepare("SELECT * FROM roles ORDER BY created, id").all() as unknown as Array<RoleRow>
  ).filter((role) => !builtInKeys.has(role.id))
  const { page, ...meta } = pageOf(context, rows)
  return { ...meta, roles: page.map((role) => renderRole(role, bool(context.params, "returnPrivileges") === true)) }
}

/** Creating and changing roles is for default administrators (digest §8.1): a role is a set of privileges to hand out. */
const manageRoles = (context: Context) => requireFullAdmin(context)

const validateRoleText = (name: string | undefined, description: string | undefined) => {
  if (name !== undefined && (name.trim() === "" || name.length > 128))
    throw badRequest("Invalid role name.", ["Role names have 1 to 128 characters."])
  if (description !== undefined && description.length > 250)
    throw badRequest("Invalid description.", ["Role descriptions have at most 250 characters."])
}

const createRole = (context: Context) => {
  manageRoles(context)
  const name = context.params.get("name")
  const description = context.params.get("description") ?? ""
  validateRoleText(name ?? "", description)
  const id = alnum(16)
  transaction(context.db, () => {
    if (context.db.prepare("SELECT 1 FROM roles WHERE name = ? COLLATE NOCASE").get(name ?? "") !== undefined)
      throw badRequest("Unable to create role.", [`A role named '${name}' already exists.`])
    context.db
      .prepare(
        "INSERT INTO roles (id, name, description, privileges, built_in, created, modified) VALUES (?, ?, ?, '[]', 0, ?, ?)",
      )
      .run(id, (name ?? "").trim(), description, now(), now())
  })
  return { success: true, id }
}

const findRole = (context: Context, id: string): RoleRow => {
  const role = context.db.prepare("SELECT * FROM roles WHERE id = ?").get(id) as RoleRow | undefined
  if (role === undefined || builtInKeys.has(role.id))
    throw badRequest("Role does not exist or is inaccessible.", [], "ORG_0035")
  return role
}

const roleOperation = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const role = findRole(context, match[1] ?? "")
  const operation = (match[2] ?? "").toLowerCase()
  if (operation === "" || operation === "privileges") {
    if (!canReadRole(context, role.id)) throw forbidden()
    return operation === "" ? renderRole(role, false) : { privileges: JSON.parse(role.privileges) }
  }
  if (context.method !== "POST")
    throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
  manageRoles(context)
  if (prebuilt.has(role.id))
    throw badRequest("Unable to change role.", ["Pre-built roles cannot be changed or deleted."])
  const { db, params } = context
  switch (operation) {
    case "update": {
      const name = params.get("name")
      const description = params.get("description")
      validateRoleText(name, description)
      transaction(db, () => {
        if (
          name !== undefined &&
          db.prepare("SELECT 1 FROM roles WHERE name = ? COLLATE NOCASE AND id <> ?").get(name, role.id) !== undefined
        )
          throw badRequest("Unable to update role.", [`A role named '${name}' already exists.`])
        db.prepare(
          "UPDATE roles SET name = COALESCE(?, name), description = COALESCE(?, description), modified = ? WHERE id = ?",
        ).run(name?.trim() ?? null, description ?? null, now(), role.id)
      })
      return { success: true }
    }
    case "setprivileges": {
      let privileges: Array<string>
      try {
        const parsed = JSON.parse(params.get("privileges") ?? "") as { privileges?: unknown }
        if (
          !Array.isArray(parsed.privileges) ||
          parsed.privileges.some((entry) => typeof entry !== "string" || !/^[a-z]+:[a-z]+:[A-Za-z]+$/.test(entry))
        )
          throw new Error("bad")
        privileges = [...new Set(parsed.privileges as Array<string>)]
      } catch {
        throw badRequest("Invalid privileges.", [
          '\'privileges\' must be {"privileges": ["portal:user:createItem", ...]}.',
        ])
      }
      transaction(db, () => {
        db.prepare("UPDATE roles SET privileges = ?, modified = ? WHERE id = ?").run(
          JSON.stringify(privileges),
          now(),
          role.id,
        )
        db.prepare("UPDATE users SET role = ? WHERE role_id = ?").run(baseRole(privileges), role.id)
      })
      return { success: true }
    }
    case "delete": {
      const assigned = db.prepare("SELECT COUNT(*) AS n FROM users WHERE role_id = ?").get(role.id) as { n: number }
      if (assigned.n > 0) throw badRequest("Unable to delete role.", [`${assigned.n} users still have this role.`])
      transaction(db, () => db.prepare("DELETE FROM roles WHERE id = ?").run(role.id))
      return { success: true, roleId: role.id }
    }
    default:
      throw new Fault(404, "The requested URL was not found.", undefined, [], 404)
  }
}

const P = String.raw`portals\/(?:self|[A-Za-z0-9]{16})`

export const communityRoutes: ReadonlyArray<Route> = [
  { pattern: /^community\/users$/i, kind: "read", handle: communityUsers },
  { pattern: new RegExp(`^${P}\\/users(\\/search)?$`, "i"), kind: "read", handle: orgUsers },
  { pattern: new RegExp(`^${P}\\/invite$`, "i"), kind: "write", handle: invite },
  { pattern: new RegExp(`^${P}\\/updateUserRole$`, "i"), kind: "write", handle: updateUserRole },
  { pattern: /^community\/signUp$/i, kind: "write", handle: signUp },
  {
    pattern: /^community\/users\/([^/]+)\/(update|delete|disable|enable|reset|reassign)$/i,
    kind: "write",
    handle: userOperation,
  },
  { pattern: /^community\/users\/([^/]+)\/(notifications|invitations|tags)$/i, kind: "read", handle: userOperation },
  {
    pattern: /^community\/users\/([^/]+)\/notifications\/([0-9a-f]{32})\/delete$/i,
    kind: "write",
    handle: notificationDelete,
  },
  {
    pattern: /^community\/users\/([^/]+)\/invitations\/(G[0-9a-f]{32})(?:\/(accept|decline))?$/i,
    kind: "read",
    handle: invitationOperation,
  },
  { pattern: /^community\/users\/([^/]+)\/info\/(.+)$/i, kind: "read", handle: userThumbnail },
  { pattern: /^community\/groups$/i, kind: "read", handle: searchGroups },
  { pattern: /^community\/createGroup$/i, kind: "write", handle: createGroup },
  {
    pattern: /^community\/groups\/([^/]+)$/i,
    kind: "read",
    handle: (context, match) => renderGroup(context, visibleGroup(context, match[1] ?? "")),
  },
  {
    pattern:
      /^community\/groups\/([^/]+)\/(update|delete|protect|unprotect|reassign|addUsers|removeUsers|updateUsers|invite|join|leave|users|userlist|applications)$/i,
    kind: "read",
    handle: groupOperation,
  },
  {
    pattern: /^community\/groups\/([^/]+)\/applications\/([^/]+)(?:\/(accept|decline))?$/i,
    kind: "read",
    handle: applicationOperation,
  },
  { pattern: /^community\/groups\/([^/]+)\/info\/(.+)$/i, kind: "read", handle: groupThumbnail },
  { pattern: /^content\/groups\/([^/]+)(\/search)?$/i, kind: "read", handle: groupContent },
  { pattern: new RegExp(`^${P}\\/roles$`, "i"), kind: "read", handle: roles },
  { pattern: new RegExp(`^${P}\\/createRole$`, "i"), kind: "write", handle: createRole },
  {
    pattern: new RegExp(`^${P}\\/roles\\/([A-Za-z0-9_]+)(?:\\/(privileges|setPrivileges|update|delete))?$`, "i"),
    kind: "read",
    handle: roleOperation,
  },
]

export const portalAdminRoutes: ReadonlyArray<Route> = [
  { pattern: /^security\/users\/createUser$/i, kind: "write", handle: createUser },
]
