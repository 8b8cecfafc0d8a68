/** The group tables: `groups`, their members (`group_members`) and applications to join (`group_applications`). */
import { isHex32 } from "../ids.ts"
import type { Database } from "./database.ts"

/** A row of `groups`. */
export interface GroupRow {
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

export type MemberType = "owner" | "admin" | "member"

/** The group with this id; anything but a group id finds nothing. */
export const findGroup = (db: Database, id: string): GroupRow | undefined =>
  isHex32(id) ? (db.prepare("SELECT * FROM groups WHERE id = ?").get(id) as GroupRow | undefined) : undefined

/** Every group, by title. */
export const allGroups = (db: Database): Array<GroupRow> =>
  db.prepare("SELECT * FROM groups ORDER BY title COLLATE NOCASE, id").all() as unknown as Array<GroupRow>

/** What sharing an item into a group needs to know of it. */
export const shareTarget = (db: Database, id: string): { id: string; is_view_only: number } | undefined =>
  db.prepare("SELECT id, is_view_only FROM groups WHERE id = ?").get(id) as
    | { id: string; is_view_only: number }
    | undefined

/** Whether `owner` already has a group of this title (any case). */
export const groupTitleTaken = (db: Database, owner: string, title: string): boolean =>
  db.prepare("SELECT 1 FROM groups WHERE owner = ? AND title = ? COLLATE NOCASE").get(owner, title) !== undefined

/** Inserts a group row of these columns (names from the handler's own list, never from a request). */
export const insertGroup = (db: Database, columns: Readonly<Record<string, string | number>>): void => {
  const names = Object.keys(columns)
  db.prepare(`INSERT INTO groups (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
    ...names.map((name) => columns[name] ?? null),
  )
}

/** Sets the given columns (names from the handler's own list) and `modified`. */
export const updateGroupColumns = (
  db: Database,
  id: string,
  columns: Readonly<Record<string, string | number>>,
  modified: number,
): void => {
  const names = Object.keys(columns)
  db.prepare(`UPDATE groups SET ${names.map((name) => `${name} = ?`).join(", ")}, modified = ? WHERE id = ?`).run(
    ...names.map((name) => columns[name] ?? null),
    modified,
    id,
  )
}

/** Deletes a group; its memberships, applications, invitations and shares go with it (ON DELETE CASCADE). */
export const deleteGroupRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM groups WHERE id = ?").run(id)
}

export const setGroupProtected = (db: Database, id: string, protect: boolean): void => {
  db.prepare("UPDATE groups SET protected = ? WHERE id = ?").run(protect ? 1 : 0, id)
}

/** Gives a group to `to`, who becomes its owner member; the previous owner stays on as a manager. */
export const setGroupOwner = (db: Database, groupId: string, from: string, to: string): void => {
  db.prepare("UPDATE groups SET owner = ?, modified = ? WHERE id = ?").run(to, Date.now(), groupId)
  db.prepare(
    "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, 'owner', ?) ON CONFLICT(group_id, username) DO UPDATE SET member_type = 'owner'",
  ).run(groupId, to, Date.now())
  db.prepare("UPDATE group_members SET member_type = 'admin' WHERE group_id = ? AND username = ?").run(groupId, from)
}

/** The ids of the groups `username` owns. */
export const groupsOwnedBy = (db: Database, username: string): Array<string> =>
  (db.prepare("SELECT id FROM groups WHERE owner = ?").all(username) as Array<{ id: string }>).map((row) => row.id)

export const ownsGroups = (db: Database, username: string): boolean =>
  db.prepare("SELECT 1 FROM groups WHERE owner = ? LIMIT 1").get(username) !== undefined

// ---------------------------------------------------------------- members

/** `username`'s place in a group, if any. */
export const memberTypeOf = (db: Database, groupId: string, username: string): MemberType | undefined =>
  (
    db.prepare("SELECT member_type FROM group_members WHERE group_id = ? AND username = ?").get(groupId, username) as
      | { member_type: MemberType }
      | undefined
  )?.member_type

export const isGroupMember = (db: Database, groupId: string, username: string): boolean =>
  db.prepare("SELECT 1 FROM group_members WHERE group_id = ? AND username = ?").get(groupId, username) !== undefined

/** The ids of the groups `username` belongs to. */
export const groupIdsOf = (db: Database, username: string): Array<string> =>
  (
    db.prepare("SELECT group_id FROM group_members WHERE username = ?").all(username) as Array<{ group_id: string }>
  ).map((row) => row.group_id)

/** The groups `username` belongs to, as the user object lists them. */
export const groupsOfMember = (db: Database, username: string): Array<Record<string, unknown>> =>
  db
    .prepare(
      "SELECT g.id, g.title, g.owner, g.access FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.username = ? ORDER BY g.title",
    )
    .all(username) as Array<Record<string, unknown>>

export const countMemberships = (db: Database, username: string): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM group_members WHERE username = ?").get(username) as { n: number }).n

/** Makes `username` the group's owner member (a new group). */
export const addOwner = (db: Database, groupId: string, username: string, joined: number): void => {
  db.prepare("INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, 'owner', ?)").run(
    groupId,
    username,
    joined,
  )
}

/** Adds a member of this type (a seeded membership). */
export const insertMember = (db: Database, groupId: string, username: string, joined: number): void => {
  db.prepare("INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, 'member', ?)").run(
    groupId,
    username,
    joined,
  )
}

/** Adds a member or manager; an existing member takes the new type, except the owner, who stays owner. */
export const addMember = (db: Database, groupId: string, username: string, type: "admin" | "member"): void => {
  db.prepare(
    "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, ?, ?) ON CONFLICT(group_id, username) DO UPDATE SET member_type = CASE WHEN member_type = 'owner' THEN 'owner' ELSE excluded.member_type END",
  ).run(groupId, username, type, Date.now())
}

/** Adds a member or manager unless they already belong to the group (an accepted invitation). */
export const addMemberIfAbsent = (db: Database, groupId: string, username: string, type: "admin" | "member"): void => {
  db.prepare(
    "INSERT INTO group_members (group_id, username, member_type, joined) VALUES (?, ?, ?, ?) ON CONFLICT(group_id, username) DO NOTHING",
  ).run(groupId, username, type, Date.now())
}

export const removeMember = (db: Database, groupId: string, username: string): void => {
  db.prepare("DELETE FROM group_members WHERE group_id = ? AND username = ?").run(groupId, username)
}

export const setMemberType = (db: Database, groupId: string, username: string, type: "admin" | "member"): void => {
  db.prepare("UPDATE group_members SET member_type = ? WHERE group_id = ? AND username = ?").run(
    type,
    groupId,
    username,
  )
}

/** A group's members and their types, by username. */
export const membersOf = (db: Database, groupId: string): Array<{ username: string; member_type: string }> =>
  db
    .prepare("SELECT username, member_type FROM group_members WHERE group_id = ? ORDER BY username")
    .all(groupId) as Array<{ username: string; member_type: string }>

/** A group's members with their full names and when they joined, by username. */
export const memberListOf = (
  db: Database,
  groupId: string,
): Array<{ username: string; member_type: string; joined: number; full_name: string }> =>
  db
    .prepare(
      "SELECT m.username, m.member_type, m.joined, u.full_name FROM group_members m JOIN users u ON u.username = m.username WHERE m.group_id = ? ORDER BY m.username",
    )
    .all(groupId) as Array<{ username: string; member_type: string; joined: number; full_name: string }>

/** Removes `username` from every group and every application (before the account is deleted). */
export const removeFromAllGroups = (db: Database, username: string): void => {
  db.prepare("DELETE FROM group_members WHERE username = ?").run(username)
  db.prepare("DELETE FROM group_applications WHERE username = ?").run(username)
}

// ---------------------------------------------------------------- applications

export interface ApplicationRow {
  username: string
  created: number
  full_name: string
}

export const countApplications = (db: Database, groupId: string): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM group_applications WHERE group_id = ?").get(groupId) as { n: number }).n

/** A group's pending applications, oldest first. */
export const applicationsTo = (db: Database, groupId: string): Array<ApplicationRow> =>
  db
    .prepare(
      "SELECT a.username, a.created, u.full_name FROM group_applications a JOIN users u ON u.username = a.username WHERE a.group_id = ? ORDER BY a.created",
    )
    .all(groupId) as unknown as Array<ApplicationRow>

export const applicationOf = (db: Database, groupId: string, username: string): ApplicationRow | undefined =>
  db
    .prepare(
      "SELECT a.username, a.created, u.full_name FROM group_applications a JOIN users u ON u.username = a.username WHERE a.group_id = ? AND a.username = ?",
    )
    .get(groupId, username) as ApplicationRow | undefined

/** Records an application to join (a second one from the same user is ignored). */
export const insertApplication = (db: Database, groupId: string, username: string, message: string | null): void => {
  db.prepare("INSERT OR IGNORE INTO group_applications (group_id, username, message, created) VALUES (?, ?, ?, ?)").run(
    groupId,
    username,
    message,
    Date.now(),
  )
}

export const deleteApplication = (db: Database, groupId: string, username: string): void => {
  db.prepare("DELETE FROM group_applications WHERE group_id = ? AND username = ?").run(groupId, username)
}
