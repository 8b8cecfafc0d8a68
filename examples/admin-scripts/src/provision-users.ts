/**
 * provision-users: creates the users of a CSV file, with their role, user type and groups, and brings existing
 * users up to date — so that running it again with the same file changes nothing.
 *
 * Columns (header names are case- and space-insensitive): `username`, `email`, `firstName`, `lastName` (required);
 * `role` (a built-in key such as `org_publisher`, a role name such as `Viewer`, or a custom role's id; default
 * `org_user`), `userType` (the license type id, e.g. `creatorUT`), `groups` (group titles or ids, separated by `;`),
 * `description`. Groups are only ever added, never removed.
 *
 * Python counterparts: `gis.users.create`, `user.update_role`, `group.add_users`.
 */
import type { ParseArgsOptionsConfig } from "node:util"
import type { GIS, Group, User } from "@arcgis-portal/gis"
import {
  type CsvRecord,
  columnKey,
  describe,
  exitCodes,
  plural,
  print,
  readCsvFile,
  runScript,
  type ScriptDefinition,
  UsageError,
  withPortal,
} from "./internal/cli.ts"

const definition = {
  name: "provision-users",
  summary:
    "Creates the users listed in a CSV file and adds them to their groups. Columns (header names in any case, " +
    "spaces ignored): username, email, firstName, lastName (required); role (org_admin, org_publisher, org_user, " +
    "a role name such as Viewer, or a custom role's id; default org_user); userType (a license type id such as " +
    "creatorUT or viewerUT); groups (group titles or ids, separated by ;); description. Users that exist already " +
    "are brought up to date (role, email, full name, groups) and reported as updated or unchanged, not as " +
    "failures, so a re-run changes nothing; groups are added, never removed. New accounts get the password of " +
    "ARCGIS_NEW_USER_PASSWORD (ask the users to change it). Prints one line per row: created, updated, unchanged " +
    "or failed with the reason (with --dry-run: would create, would update).",
  usage: "--csv <file> [--dry-run]",
  options: {
    csv: { type: "string" },
    "dry-run": { type: "boolean" },
  },
  optionHelp: [
    ["--csv <file>", "the users, one per row, under a header row (columns above)"],
    ["--dry-run", "print what would change and change nothing"],
  ],
  environment: [
    ["ARCGIS_NEW_USER_PASSWORD", "the initial password of new built-in accounts (not needed for a dry run)"],
  ],
  examples: [
    "node src/provision-users.ts --csv sample/users.csv --dry-run",
    "node src/provision-users.ts --csv sample/users.csv --portal https://host/portal",
  ],
  failures: "a row failed (the other rows were still processed)",
} as const satisfies ScriptDefinition<ParseArgsOptionsConfig>

/** A role as the portal takes it (`role`) and as a user reports it (`roleId ?? role`). */
interface RoleChoice {
  readonly key: string
  readonly name: string
}

/** The built-in roles: keys and names. The Viewer and Data Editor roles come with `roles.all()`, as custom roles. */
const builtInRoles: ReadonlyArray<RoleChoice & { readonly aliases: ReadonlyArray<string> }> = [
  { key: "org_admin", name: "Administrator", aliases: ["administrator", "admin"] },
  { key: "org_publisher", name: "Publisher", aliases: ["publisher"] },
  { key: "org_user", name: "User", aliases: ["user"] },
  { key: "iAAAAAAAAAAAAAAA", name: "Viewer", aliases: ["org_viewer", "viewer"] },
]

const loadRoles = async (gis: GIS): Promise<Map<string, RoleChoice>> => {
  const roles = new Map<string, RoleChoice>()
  const add = (names: ReadonlyArray<string>, choice: RoleChoice) => {
    for (const name of names) roles.set(name.toLowerCase(), choice)
  }
  for (const role of builtInRoles) add([role.key, ...role.aliases], role)
  for (const role of await gis.users.roles.all()) add([role.id, role.name], { key: role.id, name: role.name })
  return roles
}

/** Groups by id and by title (lower case); a title several groups share resolves to all of them. */
const loadGroups = async (gis: GIS): Promise<Map<string, ReadonlyArray<Group>>> => {
  const groups = new Map<string, Array<Group>>()
  for await (const group of gis.groups.searchAll("")) {
    for (const key of [group.id, group.title.toLowerCase()]) groups.set(key, [...(groups.get(key) ?? []), group])
  }
  return groups
}

/** What a row asks for, once its values are checked. */
interface Wanted {
  readonly line: number
  readonly username: string
  readonly email: string
  readonly firstName: string
  readonly lastName: string
  readonly role: RoleChoice
  readonly userType: string | undefined
  readonly description: string | undefined
  readonly groups: ReadonlyArray<Group>
}

type Status = "created" | "updated" | "unchanged" | "failed" | "would create" | "would update"

interface Outcome {
  readonly line: number
  readonly username: string
  readonly status: Status
  readonly detail: string
}

/** Checks a row against the portal's roles and groups; the reasons it cannot be used, or what it asks for. */
const checkRow = (
  values: { readonly [column: string]: string },
  line: number,
  roles: Map<string, RoleChoice>,
  groups: Map<string, ReadonlyArray<Group>>,
): Wanted | { readonly problems: ReadonlyArray<string> } => {
  const problems: Array<string> = []
  const value = (column: string) => values[columnKey(column)] ?? ""
  const username = value("username")
  if (username === "") problems.push("no username")
  else if (!/^[\w.@-]{6,128}$/.test(username))
    problems.push(`username '${username}' is not 6-128 letters, digits or _ . @ -`)
  const email = value("email")
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) problems.push(email === "" ? "no email" : `email '${email}' is not valid`)
  for (const column of ["firstName", "lastName"]) if (value(column) === "") problems.push(`no ${column}`)
  const roleText = value("role") || "org_user"
  const role = roles.get(roleText.toLowerCase())
  if (role === undefined) problems.push(`no role '${roleText}' in the portal`)
  const wantedGroups: Array<Group> = []
  for (const name of value("groups")
    .split(";")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")) {
    const found = groups.get(name) ?? groups.get(name.toLowerCase()) ?? []
    if (found.length === 1 && found[0] !== undefined) {
      if (!wantedGroups.some((group) => group.id === found[0]?.id)) wantedGroups.push(found[0])
    } else if (found.length === 0) problems.push(`no group '${name}'`)
    else problems.push(`several groups are titled '${name}' (${found.map((group) => group.id).join(", ")}): use the id`)
  }
  if (problems.length > 0 || role === undefined) return { problems }
  return {
    line,
    username,
    email,
    firstName: value("firstName"),
    lastName: value("lastName"),
    role,
    userType: value("userType") || undefined,
    description: value("description") || undefined,
    groups: wantedGroups,
  }
}

/** What differs between an existing user and a row: the changes to make, and notes on what cannot be changed. */
const differences = (user: User, wanted: Wanted) => {
  const json = user.toJSON()
  const memberOf = new Set((json.groups ?? []).map((group) => String(group.id)))
  const fullName = `${wanted.firstName} ${wanted.lastName}`
  return {
    role: (user.roleId ?? user.role) === wanted.role.key ? undefined : wanted.role,
    email: user.email === wanted.email ? undefined : wanted.email,
    fullName: user.fullName === fullName ? undefined : fullName,
    groups: wanted.groups.filter((group) => !memberOf.has(group.id)),
    notes:
      wanted.userType !== undefined && json.userType !== undefined && json.userType !== wanted.userType
        ? [`user type stays ${json.userType} (the CSV says ${wanted.userType}; the SDK cannot change it)`]
        : [],
  }
}

type Differences = ReturnType<typeof differences>

const changeList = (changes: Differences): Array<string> => [
  ...(changes.role === undefined ? [] : [`role ${changes.role.name}`]),
  ...(changes.email === undefined ? [] : [`email ${changes.email}`]),
  ...(changes.fullName === undefined ? [] : [`full name ${changes.fullName}`]),
  ...(changes.groups.length === 0 ? [] : [`groups +${changes.groups.map((group) => group.title).join(", +")}`]),
  ...changes.notes,
]

const isChange = (changes: Differences): boolean =>
  changes.role !== undefined ||
  changes.email !== undefined ||
  changes.fullName !== undefined ||
  changes.groups.length > 0

/** Adds `username` to `groups`: the groups it was added to, and why the others failed. */
const addToGroups = async (
  groups: ReadonlyArray<Group>,
  username: string,
): Promise<{ readonly added: ReadonlyArray<Group>; readonly failed: ReadonlyArray<string> }> => {
  const added: Array<Group> = []
  const failed: Array<string> = []
  for (const group of groups) {
    try {
      const result = await group.addUsers([username])
      if (result.notAdded.length > 0) failed.push(`not added to ${group.title}`)
      else added.push(group)
    } catch (error) {
      failed.push(`not added to ${group.title}: ${describe(error)}`)
    }
  }
  return { added, failed }
}

/** What a new user gets, as the result lines say it. */
const newUserDetail = (wanted: Wanted, groups: ReadonlyArray<Group> = wanted.groups): string =>
  [
    `role ${wanted.role.name}`,
    ...(wanted.userType === undefined ? [] : [`type ${wanted.userType}`]),
    ...(groups.length === 0 ? [] : [`groups ${groups.map((group) => group.title).join(", ")}`]),
  ].join("; ")

const outcomeOf = (wanted: Wanted, status: Status, detail: string): Outcome => ({
  line: wanted.line,
  username: wanted.username,
  status,
  detail,
})

const create = async (gis: GIS, wanted: Wanted, password: string): Promise<Outcome> => {
  try {
    // `userLicenseTypeId` is not in the facade's `CreateOptions` (Python's `user_type`), but the facade hands its
    // options on to the Users service, whose `create` sends it: see the README, "Known gaps".
    const options = {
      username: wanted.username,
      password,
      firstname: wanted.firstName,
      lastname: wanted.lastName,
      email: wanted.email,
      role: wanted.role.key,
      ...(wanted.description === undefined ? {} : { description: wanted.description }),
      ...(wanted.userType === undefined ? {} : { userLicenseTypeId: wanted.userType }),
    }
    const user = await gis.users.create(options)
    if (user === undefined) return outcomeOf(wanted, "failed", "the portal sent an invitation but created no account")
  } catch (error) {
    return outcomeOf(wanted, "failed", describe(error))
  }
  const { added, failed } = await addToGroups(wanted.groups, wanted.username)
  return failed.length > 0
    ? outcomeOf(wanted, "failed", `created (${newUserDetail(wanted, added)}), but ${failed.join("; ")}`)
    : outcomeOf(wanted, "created", newUserDetail(wanted, added))
}

const update = async (user: User, wanted: Wanted, changes: Differences): Promise<Outcome> => {
  const problems: Array<string> = []
  const attempt = async (what: string, change: () => Promise<boolean>) => {
    try {
      if (!(await change())) problems.push(`${what}: the portal said no`)
    } catch (error) {
      problems.push(`${what}: ${describe(error)}`)
    }
  }
  const { role, email, fullName } = changes
  if (role !== undefined) await attempt("role", () => user.updateRole(role.key))
  if (email !== undefined || fullName !== undefined)
    await attempt("profile", () =>
      user.update({
        ...(email === undefined ? {} : { email }),
        ...(fullName === undefined ? {} : { fullname: fullName }),
      }),
    )
  problems.push(...(await addToGroups(changes.groups, wanted.username)).failed)
  const detail = changeList(changes).join("; ")
  return problems.length > 0
    ? outcomeOf(wanted, "failed", `${problems.join("; ")} (${detail})`)
    : outcomeOf(wanted, "updated", detail)
}

/** What to do with one row: nothing (it failed its checks), create the user, or bring an existing one up to date. */
type Step =
  | { readonly kind: "failed"; readonly outcome: Outcome }
  | { readonly kind: "create"; readonly wanted: Wanted }
  | { readonly kind: "existing"; readonly wanted: Wanted; readonly user: User; readonly changes: Differences }

/** The steps of every row, worked out before anything changes (duplicate usernames fail all but their first row). */
const planRows = async (gis: GIS, records: ReadonlyArray<CsvRecord>): Promise<Array<Step>> => {
  const [roles, groups] = await Promise.all([loadRoles(gis), loadGroups(gis)])
  const seen = new Map<string, number>()
  const steps: Array<Step> = []
  for (const record of records) {
    const username = record.values.username ?? ""
    const failed = (detail: string): Step => ({
      kind: "failed",
      outcome: { line: record.line, username, status: "failed", detail },
    })
    const first = seen.get(username.toLowerCase())
    if (username !== "" && first !== undefined) {
      steps.push(failed(`the same username as line ${first}`))
      continue
    }
    if (username !== "") seen.set(username.toLowerCase(), record.line)
    const checked = checkRow(record.values, record.line, roles, groups)
    if ("problems" in checked) {
      steps.push(failed(checked.problems.join("; ")))
      continue
    }
    const user = await gis.users.get(checked.username)
    steps.push(
      user === undefined
        ? { kind: "create", wanted: checked }
        : { kind: "existing", wanted: checked, user, changes: differences(user, checked) },
    )
  }
  return steps
}

const runStep = (gis: GIS, step: Step, dryRun: boolean, password: string): Promise<Outcome> | Outcome => {
  if (step.kind === "failed") return step.outcome
  const { wanted } = step
  if (step.kind === "create")
    return dryRun ? outcomeOf(wanted, "would create", newUserDetail(wanted)) : create(gis, wanted, password)
  if (!isChange(step.changes)) return outcomeOf(wanted, "unchanged", step.changes.notes.join("; "))
  return dryRun
    ? outcomeOf(wanted, "would update", changeList(step.changes).join("; "))
    : update(step.user, wanted, step.changes)
}

const printOutcome = (outcome: Outcome): void => {
  const { line, status, username, detail } = outcome
  print(`line ${String(line).padEnd(4)} ${status.padEnd(12)} ${username.padEnd(24)} ${detail}`.trimEnd())
}

await runScript(definition, async (flags) => {
  if (flags.csv === undefined) throw new UsageError("--csv <file> is required")
  const dryRun = flags["dry-run"] === true
  const { records } = readCsvFile(flags.csv, ["username", "email", "firstname", "lastname"])
  if (records.length === 0) throw new UsageError(`${flags.csv} has a header but no users`)
  const password = process.env.ARCGIS_NEW_USER_PASSWORD ?? ""
  return withPortal(flags.portal, async (gis) => {
    const steps = await planRows(gis, records)
    const creates = steps.filter((step) => step.kind === "create").length
    if (!dryRun && creates > 0 && password.length < 8)
      throw new UsageError(
        `an initial password is needed for ${plural(creates, "new user")}: set ARCGIS_NEW_USER_PASSWORD (8 characters or more) in the environment`,
      )
    if (dryRun) print(`Dry run: nothing is changed on ${gis.url}.`)
    const outcomes: Array<Outcome> = []
    for (const step of steps) {
      const outcome = await runStep(gis, step, dryRun, password)
      outcomes.push(outcome)
      printOutcome(outcome)
    }
    const count = (status: Status) => outcomes.filter((outcome) => outcome.status === status).length
    const failed = count("failed")
    print(
      dryRun
        ? `Dry run, ${plural(outcomes.length, "row")}: ${count("would create")} would be created, ${count("would update")} updated, ${count("unchanged")} unchanged, ${failed} failed. Nothing was changed.`
        : `${plural(outcomes.length, "row")}: ${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged, ${failed} failed.`,
    )
    return failed > 0 ? exitCodes.failed : exitCodes.ok
  })
})
