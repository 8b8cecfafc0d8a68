/** The `users` table: accounts, their profiles, roles, passwords and state. */
import type { Database } from "./database.ts"

/** A row of `users`. */
export interface UserRow {
  username: string
  id: string
  password_hash: string
  first_name: string
  last_name: string
  full_name: string
  email: string
  description: string | null
  tags: string
  culture: string | null
  region: string | null
  thumbnail: string | null
  preferred_view: string | null
  role: string
  role_id: string
  level: string
  user_type: string
  provider: string
  idp_username: string | null
  access: "private" | "org" | "public"
  disabled: number
  created: number
  modified: number
  last_login: number
}

export const findUser = (db: Database, username: string): UserRow | undefined =>
  db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined

/** Whether a username is taken in any letter case (usernames are unique regardless of case). */
export const usernameTakenIgnoringCase = (db: Database, username: string): boolean =>
  db.prepare("SELECT 1 FROM users WHERE lower(username) = lower(?)").get(username) !== undefined

/** Every account, by username. */
export const allUsers = (db: Database): Array<UserRow> =>
  db.prepare("SELECT * FROM users ORDER BY username").all() as unknown as Array<UserRow>

/** The columns accounts are sorted by in listings. */
export type UserSortColumn = "username" | "full_name" | "created" | "last_login" | "level" | "role" | "modified"

/** Every account, sorted by `column` (ties by username). */
export const usersSortedBy = (db: Database, column: UserSortColumn, direction: "ASC" | "DESC"): Array<UserRow> =>
  db.prepare(`SELECT * FROM users ORDER BY ${column} ${direction}, username`).all() as unknown as Array<UserRow>

/** A new account, as `createUser`, `invite` and `signUp` make them (org profile access). */
export interface NewUser {
  readonly username: string
  readonly id: string
  readonly passwordHash: string
  readonly firstName: string
  readonly lastName: string
  readonly fullName: string
  readonly email: string
  readonly description: string | null
  readonly role: string
  readonly roleId: string
  readonly level: string
  readonly userType: string
  readonly provider: string
  readonly idpUsername: string | null
  readonly created: number
}

export const insertUser = (db: Database, user: NewUser): void => {
  db.prepare(
    `INSERT INTO users (username, id, password_hash, first_name, last_name, full_name, email, description, role, role_id, level, user_type, provider, idp_username, access, created, modified)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'org', ?, ?)`,
  ).run(
    user.username,
    user.id,
    user.passwordHash,
    user.firstName,
    user.lastName,
    user.fullName,
    user.email,
    user.description,
    user.role,
    user.roleId,
    user.level,
    user.userType,
    user.provider,
    user.idpUsername,
    user.created,
    user.created,
  )
}

/** A seeded account: the seed's own columns (the defaults for description, level and provider), with its access. */
export type SeedUser = Omit<NewUser, "description" | "level" | "userType" | "provider" | "idpUsername"> & {
  readonly access: string
}

export const insertSeedUser = (db: Database, user: SeedUser): void => {
  db.prepare(
    `INSERT INTO users (username, id, password_hash, first_name, last_name, full_name, email, role, role_id, access, created, modified)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    user.username,
    user.id,
    user.passwordHash,
    user.firstName,
    user.lastName,
    user.fullName,
    user.email,
    user.role,
    user.roleId,
    user.access,
    user.created,
    user.created,
  )
}

/** Sets the given columns (names from the handler's own list, never from a request) and `modified`. */
export const updateUserColumns = (
  db: Database,
  username: string,
  columns: Readonly<Record<string, string | null>>,
  modified: number,
): void => {
  const names = Object.keys(columns)
  db.prepare(`UPDATE users SET ${names.map((name) => `${name} = ?`).join(", ")}, modified = ? WHERE username = ?`).run(
    ...names.map((name) => columns[name] ?? null),
    modified,
    username,
  )
}

export const setUserDisabled = (db: Database, username: string, disabled: boolean, modified: number): void => {
  db.prepare("UPDATE users SET disabled = ?, modified = ? WHERE username = ?").run(disabled ? 1 : 0, modified, username)
}

export const setUserPassword = (db: Database, username: string, passwordHash: string, modified: number): void => {
  db.prepare("UPDATE users SET password_hash = ?, modified = ? WHERE username = ?").run(
    passwordHash,
    modified,
    username,
  )
}

export const setUserRole = (
  db: Database,
  username: string,
  role: { readonly role: string; readonly roleId: string; readonly level: string },
  modified: number,
): void => {
  db.prepare("UPDATE users SET role = ?, role_id = ?, level = ?, modified = ? WHERE username = ?").run(
    role.role,
    role.roleId,
    role.level,
    modified,
    username,
  )
}

export const setLastLogin = (db: Database, username: string, time: number): void => {
  db.prepare("UPDATE users SET last_login = ? WHERE username = ?").run(time, username)
}

/** The base role (`org_admin`…) every holder of custom role `roleId` reports, after its privileges changed. */
export const setBaseRoleOfHolders = (db: Database, roleId: string, role: string): void => {
  db.prepare("UPDATE users SET role = ? WHERE role_id = ?").run(role, roleId)
}

export const countUsersWithRole = (db: Database, roleId: string): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM users WHERE role_id = ?").get(roleId) as { n: number }).n

export const deleteUserRow = (db: Database, username: string): void => {
  db.prepare("DELETE FROM users WHERE username = ?").run(username)
}
