/** The `roles` table: built-in and custom roles and the privileges each grants. */
import type { Database } from "./database.ts"

/** A row of `roles` (`privileges`: a JSON array of privilege strings). */
export interface RoleRow {
  id: string
  name: string
  description: string
  privileges: string
  created: number
  modified: number
}

/** The privileges role `roleId` grants; none for a role that does not exist. */
export const privilegesOf = (db: Database, roleId: string): Array<string> => {
  const row = db.prepare("SELECT privileges FROM roles WHERE id = ?").get(roleId) as { privileges: string } | undefined
  return row ? (JSON.parse(row.privileges) as Array<string>) : []
}

export const findRole = (db: Database, id: string): RoleRow | undefined =>
  db.prepare("SELECT * FROM roles WHERE id = ?").get(id) as RoleRow | undefined

/** A role's id and privileges, for resolving the role a request names. */
export const rolePrivilegesRow = (db: Database, id: string): { id: string; privileges: string } | undefined =>
  db.prepare("SELECT id, privileges FROM roles WHERE id = ?").get(id) as { id: string; privileges: string } | undefined

/** Every role, oldest first. */
export const allRoles = (db: Database): Array<RoleRow> =>
  db.prepare("SELECT * FROM roles ORDER BY created, id").all() as unknown as Array<RoleRow>

/** Whether a role has this name (names are unique regardless of case); `exceptId`: other than that role. */
export const roleNameTaken = (db: Database, name: string, exceptId?: string): boolean =>
  exceptId === undefined
    ? db.prepare("SELECT 1 FROM roles WHERE name = ? COLLATE NOCASE").get(name) !== undefined
    : db.prepare("SELECT 1 FROM roles WHERE name = ? COLLATE NOCASE AND id <> ?").get(name, exceptId) !== undefined

/** A new custom role, without privileges. */
export const insertRole = (
  db: Database,
  role: { readonly id: string; readonly name: string; readonly description: string },
  created: number,
  modified: number,
): void => {
  db.prepare(
    "INSERT INTO roles (id, name, description, privileges, built_in, created, modified) VALUES (?, ?, ?, '[]', 0, ?, ?)",
  ).run(role.id, role.name, role.description, created, modified)
}

/** A built-in role, as the seed creates them. */
export const insertBuiltInRole = (
  db: Database,
  role: { readonly id: string; readonly name: string; readonly privileges: ReadonlyArray<string> },
  time: number,
): void => {
  db.prepare(
    "INSERT INTO roles (id, name, description, privileges, built_in, created, modified) VALUES (?, ?, ?, ?, 1, ?, ?)",
  ).run(role.id, role.name, `Built-in ${role.name} role`, JSON.stringify(role.privileges), time, time)
}

/** Changes a role's name and description; `null` keeps the current value. */
export const updateRoleText = (
  db: Database,
  id: string,
  name: string | null,
  description: string | null,
  modified: number,
): void => {
  db.prepare(
    "UPDATE roles SET name = COALESCE(?, name), description = COALESCE(?, description), modified = ? WHERE id = ?",
  ).run(name, description, modified, id)
}

export const setRolePrivileges = (
  db: Database,
  id: string,
  privileges: ReadonlyArray<string>,
  modified: number,
): void => {
  db.prepare("UPDATE roles SET privileges = ?, modified = ? WHERE id = ?").run(JSON.stringify(privileges), modified, id)
}

export const deleteRoleRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM roles WHERE id = ?").run(id)
}
