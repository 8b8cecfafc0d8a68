/**
 * What `users import` does with each row of a CSV, decided before anything is sent: the row is compared with the
 * portal's account (if there is one), and the plan says create, or which of role, profile and group memberships to
 * change — nothing for a row that already matches, which is what makes a second run of the same file a no-op.
 * Pure, for tests.
 */
import * as Redacted from "effect/Redacted"
import * as Csv from "./csv.ts"

/** One account to provision. */
export interface UserRow {
  readonly line: number
  readonly username: string
  readonly email: string
  readonly firstname: string
  readonly lastname: string
  /** A built-in role (`org_user`, `org_publisher`, `org_admin`, `viewer`) or a custom role's id or name. */
  readonly role: string | undefined
  /** Groups, by id or exact title. */
  readonly groups: ReadonlyArray<string>
  /** An initial password (Enterprise built-in accounts); stays redacted. */
  readonly password: Redacted.Redacted<string> | undefined
}

const usernamePattern = /^[A-Za-z0-9_.@-]{3,128}$/
const emailPattern = /^[^\s@]+@[^\s@]+$/

/** The columns of a users file. */
export const columns = {
  required: ["username", "email"],
  optional: ["firstname", "lastname", "role", "groups", "password"],
  aliases: {
    user: "username",
    login: "username",
    mail: "email",
    emailaddress: "email",
    first: "firstname",
    givenname: "firstname",
    last: "lastname",
    surname: "lastname",
    familyname: "lastname",
    group: "groups",
  },
} as const

/** Reads a users file: every row checked (username, email, no duplicates) before anything is sent. */
export const read = (text: string): ReadonlyArray<UserRow> => {
  const table = Csv.parse(text, columns)
  const seen = new Map<string, number>()
  return table.rows.map((row) => {
    const username = row.fields.username ?? ""
    const email = row.fields.email ?? ""
    if (!usernamePattern.test(username))
      throw new Csv.CsvError(row.line, `"${username}" is not a username (3–128 letters, digits, _ . @ -)`)
    if (!emailPattern.test(email)) throw new Csv.CsvError(row.line, `"${email}" is not an email address`)
    const earlier = seen.get(username.toLowerCase())
    if (earlier !== undefined) throw new Csv.CsvError(row.line, `${username} is also on line ${earlier}`)
    seen.set(username.toLowerCase(), row.line)
    const password = row.fields.password ?? ""
    return {
      line: row.line,
      username,
      email,
      firstname: row.fields.firstname ?? "",
      lastname: row.fields.lastname ?? "",
      role: (row.fields.role ?? "") === "" ? undefined : row.fields.role,
      groups: (row.fields.groups ?? "")
        .split(";")
        .map((group) => group.trim())
        .filter((group) => group !== ""),
      password: password === "" ? undefined : Redacted.make(password),
    }
  })
}

/** The account as the portal has it. */
export interface Account {
  readonly username: string
  readonly email?: string | null | undefined
  readonly firstName?: string | null | undefined
  readonly lastName?: string | null | undefined
  readonly role?: string | undefined
  readonly roleId?: string | null | undefined
}

/** The Viewer role's fixed id. */
export const viewerRoleId = "iAAAAAAAAAAAAAAA"

/** A role as the portal names it in `updateUserRole`: built-in names, `viewer` → the Viewer role's id. */
export const roleKey = (role: string): string => {
  const lower = role.toLowerCase()
  if (lower === "viewer" || lower === "org_viewer") return viewerRoleId
  if (lower === "user" || lower === "org_user") return "org_user"
  if (lower === "publisher" || lower === "org_publisher") return "org_publisher"
  if (lower === "administrator" || lower === "admin" || lower === "org_admin") return "org_admin"
  return role
}

/** Whether the account already has the role (`key` from {@link roleKey}, custom role names resolved to ids). */
export const hasRole = (account: Account, key: string): boolean => {
  if (key === "org_user" || key === "org_publisher" || key === "org_admin")
    return (account.roleId ?? account.role) === key || (account.roleId === undefined && account.role === key)
  return account.roleId === key
}

/** One change the import makes. */
export type Change =
  | { readonly kind: "create" }
  | { readonly kind: "role"; readonly from: string | undefined; readonly to: string }
  | { readonly kind: "profile"; readonly fields: ReadonlyArray<"email" | "name"> }
  | { readonly kind: "join"; readonly group: string }

/** The changes that make the portal's account match the row (empty: it already does). */
export const plan = (
  row: UserRow,
  account: Account | undefined,
  role: string | undefined,
  memberOf: (group: string) => boolean,
  groups: ReadonlyArray<string>,
): ReadonlyArray<Change> => {
  if (account === undefined) return [{ kind: "create" }, ...groups.map((group) => ({ kind: "join" as const, group }))]
  const changes: Array<Change> = []
  if (role !== undefined && !hasRole(account, role))
    changes.push({ kind: "role", from: account.roleId ?? account.role, to: role })
  const fields: Array<"email" | "name"> = []
  if ((account.email ?? "") !== "" && account.email?.toLowerCase() !== row.email.toLowerCase()) fields.push("email")
  const name = `${row.firstname} ${row.lastname}`.trim()
  const current = `${account.firstName ?? ""} ${account.lastName ?? ""}`.trim()
  if (name !== "" && current !== "" && name !== current) fields.push("name")
  if (fields.length > 0) changes.push({ kind: "profile", fields })
  for (const group of groups) if (!memberOf(group)) changes.push({ kind: "join", group })
  return changes
}

/** A change for people: `create`, `role org_user → org_publisher`, `email, name`, `join Field crews`. */
export const describeChange = (change: Change, groupTitle: (id: string) => string): string => {
  switch (change.kind) {
    case "create":
      return "create"
    case "role":
      return `role ${change.from ?? "?"} → ${change.to}`
    case "profile":
      return `update ${change.fields.join(", ")}`
    case "join":
      return `join "${groupTitle(change.group)}"`
  }
}
