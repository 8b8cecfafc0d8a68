/** The implementation of `users list|create|disable|enable|reset|delete|import`. */

import { resolve as resolvePath } from "node:path"
import type { PortalError } from "@arcgis-portal/core"
import { PortalSelf } from "@arcgis-portal/core"
import { type GroupSchema, Groups, Roles, type UserSchema, Users } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { confirm } from "../commands/common.ts"
import type {
  createConfig,
  importUsersConfig,
  listConfig,
  removeConfig,
  resetConfig,
  toggleConfig,
} from "../commands/users.ts"
import { withPortal } from "../connection.ts"
import { CliFailure, describe, failed, usage } from "../errors.ts"
import { readCsv } from "../files.ts"
import { Output } from "../output.ts"
import * as Secrets from "../secrets.ts"
import { date } from "../table.ts"
import * as UserImport from "../user-import.ts"
import { findGroup } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

/** The services the users commands use. */
const features = Layer.mergeAll(Users.layer, Groups.layer, Roles.layer)

const readPassword = (who: string, fromStdin: boolean) =>
  Effect.gen(function* () {
    const output = yield* Output
    return yield* Secrets.read({
      what: "password",
      message: `Password for ${who}`,
      fromStdin,
      environmentVariable: "ARCGIS_NEW_PASSWORD",
      stdinIsTerminal: output.stdinIsTerminal,
    })
  })

/** What one row of an import came to. */
interface ImportResult {
  readonly line: number
  readonly username: string
  readonly action: "created" | "updated" | "unchanged" | "failed" | "would create" | "would update"
  readonly changes: ReadonlyArray<string>
  readonly error?: string | undefined
}

const summarize = (results: ReadonlyArray<ImportResult>, file: string, dryRun: boolean) => {
  const count = (action: ImportResult["action"]) => results.filter((result) => result.action === action).length
  const failedLines = results.filter((result) => result.action === "failed").map((result) => result.line)
  const counts = dryRun
    ? { wouldCreate: count("would create"), wouldUpdate: count("would update"), unchanged: count("unchanged") }
    : {
        created: count("created"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        failed: count("failed"),
      }
  const lines = [
    dryRun
      ? `${file}: ${counts.wouldCreate} to create, ${counts.wouldUpdate} to update, ${counts.unchanged} unchanged — nothing was changed (--dry-run)`
      : `${file}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed`,
  ]
  if (failedLines.length > 0)
    lines.push(
      `Failed rows: lines ${failedLines.join(", ")}. Fix them and run the same command again: rows already done are left unchanged.`,
    )
  return { lines, json: { file, dryRun, ...counts, failedLines } }
}

export const toggle = (name: "disable" | "enable", input: Command.Command.Config.Infer<typeof toggleConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        if (name === "disable") yield* users.disable(input.username)
        else yield* users.enable(input.username)
        yield* output.done(`${name === "disable" ? "Disabled" : "Enabled"} ${input.username}`, {
          username: input.username,
          disabled: name === "disable",
        })
      }),
    )
  })

export const reset = (input: Command.Command.Config.Infer<typeof resetConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        const self = yield* (yield* PortalSelf.PortalSelf).get("Cli.usersReset")
        const isSelf = self.user?.username?.toLowerCase() === input.username.toLowerCase()
        let current: Redacted.Redacted<string> | undefined
        let next: Redacted.Redacted<string>
        if (isSelf && input.passwordStdin) {
          // Your own password: the current one on the first line, the new one on the second.
          const text = yield* Secrets.readStdin
          const [first = "", second = ""] = text.split(/\r?\n/)
          if (first === "" || second === "")
            return yield* usage("resetting your own password reads two lines: the current password, then the new one")
          current = Redacted.make(first)
          next = Redacted.make(second)
        } else {
          if (isSelf)
            current = yield* Secrets.read({
              what: "current password",
              message: "Current password",
              fromStdin: false,
              environmentVariable: "ARCGIS_PASSWORD",
              stdinIsTerminal: output.stdinIsTerminal,
            })
          next = yield* readPassword(`${input.username} (new)`, input.passwordStdin)
        }
        yield* users.reset(input.username, { password: current ?? next, newPassword: next })
        yield* output.done(`Set a new password for ${input.username}`, { username: input.username, reset: true })
      }),
    )
  })
export const list = (input: Command.Command.Config.Infer<typeof listConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        yield* output.list(
          users.searchAll({
            ...(Option.isSome(input.query) ? { query: input.query.value } : {}),
            maxItems: Option.getOrUndefined(input.max),
          }),
          {
            columns: [
              { header: "username", value: (user: UserSchema.User) => user.username },
              { header: "name", value: (user) => user.fullName ?? "", max: 30 },
              { header: "email", value: (user) => user.email ?? "", max: 36 },
              { header: "role", value: (user) => user.roleId ?? user.role ?? "" },
              { header: "status", value: (user) => (user.disabled === true ? "disabled" : "active") },
              {
                header: "last login",
                value: (user) => date((user.lastLogin ?? -1) > 0 ? user.lastLogin : undefined),
              },
            ],
            json: (user) => user,
          },
        )
      }),
    )
  })

export const create = (input: Command.Command.Config.Infer<typeof createConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const password: Redacted.Redacted<string> | undefined = input.noPassword
      ? undefined
      : yield* readPassword(input.username, input.passwordStdin)
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        const created = yield* users.create({
          username: input.username,
          password,
          email: input.email,
          firstname: input.firstName,
          lastname: input.lastName,
          role: UserImport.roleKey(input.role),
        })
        yield* output.done(
          `Created ${input.username} (${UserImport.roleKey(input.role)})`,
          created ?? {
            username: input.username,
            invited: true,
          },
        )
      }),
    )
  })

export const remove = (input: Command.Command.Config.Infer<typeof removeConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        const user = yield* users.get(input.username)
        if (user === undefined) return yield* failed(`no user ${input.username} (or you cannot see it)`)
        const reassignTo = Option.getOrUndefined(input.reassignTo)
        if (reassignTo !== undefined && (yield* users.get(reassignTo)) === undefined)
          return yield* failed(`no user ${reassignTo} to reassign the content to`)
        const folders = yield* users.folders(user)
        const counts = yield* Effect.forEach(
          [undefined, ...folders],
          (folder) => Effect.map(users.items(user, { folder, maxItems: 10_000 }), (items) => items.length),
          { concurrency: 4 },
        )
        const items = counts.reduce((sum, count) => sum + count, 0)
        const what = `${user.username} (${user.roleId ?? user.role ?? "?"}, ${items} items${
          reassignTo === undefined ? "" : `, given to ${reassignTo}`
        })`
        if (input.dryRun) {
          yield* output.done(`Would delete ${what}; nothing was changed (--dry-run)`, {
            username: user.username,
            items,
            reassignTo: reassignTo ?? null,
            deleted: false,
            dryRun: true,
          })
          return
        }
        if (items > 0 && reassignTo === undefined)
          return yield* usage(
            `${user.username} owns ${items} items`,
            "Pass --reassign-to <username> to give them to someone first.",
          )
        yield* confirm(`Delete the account ${what}?`, input.yes)
        yield* users.delete(user, { reassignTo })
        yield* output.done(`Deleted ${what}`, {
          username: user.username,
          items,
          reassignTo: reassignTo ?? null,
          deleted: true,
        })
      }),
    )
  })

export const importUsers = (input: Command.Command.Config.Infer<typeof importUsersConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const path = resolvePath(input.file)
    const rows = yield* readCsv(path, UserImport.read)
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        const groups = yield* Groups.Groups
        const roles = yield* Roles.Roles

        // Everything the file names is looked up before the first change: a typo changes nothing.
        const roleIds = new Map<string, string>()
        const custom = [
          ...new Set(rows.flatMap((row) => (row.role === undefined ? [] : [UserImport.roleKey(row.role)]))),
        ].filter((key) => !["org_user", "org_publisher", "org_admin", UserImport.viewerRoleId].includes(key))
        if (custom.length > 0) {
          const all = yield* roles.all({ maxRoles: 1000 })
          for (const key of custom) {
            const found = all.find((role) => role.id === key || role.name.toLowerCase() === key.toLowerCase())
            if (found === undefined) {
              const line = rows.find((row) => row.role !== undefined && UserImport.roleKey(row.role) === key)?.line
              return yield* usage(`${input.file}: line ${line}: no role "${key}"`, "Nothing was changed.")
            }
            roleIds.set(key, found.id)
          }
        }
        const roleOf = (row: UserImport.UserRow) => {
          if (row.role === undefined) return undefined
          const key = UserImport.roleKey(row.role)
          return roleIds.get(key) ?? key
        }
        const groupsByName = new Map<string, GroupSchema.Group>()
        for (const row of rows)
          for (const name of row.groups)
            if (!groupsByName.has(name.toLowerCase()))
              groupsByName.set(
                name.toLowerCase(),
                yield* findGroup(name).pipe(
                  Effect.mapError((error) =>
                    usage(`${input.file}: line ${row.line}: ${describe(error, false)[0]}`, "Nothing was changed."),
                  ),
                ),
              )
        const members = new Map<string, ReadonlySet<string>>()
        for (const group of groupsByName.values()) {
          const found = yield* groups.getMembers(group)
          members.set(
            group.id,
            new Set([found.owner, ...found.admins, ...found.users].map((name) => name.toLowerCase())),
          )
        }
        const titles = new Map<string, string>([...groupsByName.values()].map((group) => [group.id, group.title]))

        const apply = (row: UserImport.UserRow) =>
          Effect.gen(function* () {
            const account = yield* users.get(row.username)
            const role = roleOf(row)
            const rowGroups = [...new Set(row.groups.map((name) => groupsByName.get(name.toLowerCase())!.id))]
            const changes = UserImport.plan(
              row,
              account,
              role,
              (group) => members.get(group)?.has(row.username.toLowerCase()) === true,
              rowGroups,
            )
            const described = changes.map((change) => UserImport.describeChange(change, (id) => titles.get(id) ?? id))
            if (changes.length === 0)
              return { line: row.line, username: row.username, action: "unchanged", changes: [] } as ImportResult
            if (input.dryRun)
              return {
                line: row.line,
                username: row.username,
                action: account === undefined ? "would create" : "would update",
                changes: described,
              } as ImportResult
            for (const change of changes) {
              switch (change.kind) {
                case "create":
                  yield* users.create({
                    username: row.username,
                    password: row.password,
                    email: row.email,
                    firstname: row.firstname,
                    lastname: row.lastname,
                    role: role ?? "org_user",
                  })
                  break
                case "role":
                  yield* users.updateRole(row.username, change.to)
                  break
                case "profile":
                  yield* users.update(row.username, {
                    ...(change.fields.includes("email") ? { email: row.email } : {}),
                    ...(change.fields.includes("name") ? { fullname: `${row.firstname} ${row.lastname}`.trim() } : {}),
                  })
                  break
                case "join": {
                  const { notAdded } = yield* groups.addUsers(change.group, [row.username])
                  if (notAdded.length > 0)
                    return yield* failed(`the portal did not add ${row.username} to "${titles.get(change.group)}"`)
                  break
                }
              }
            }
            return {
              line: row.line,
              username: row.username,
              action: account === undefined ? "created" : "updated",
              changes: described,
            } as ImportResult
          }).pipe(
            Effect.catch((error) =>
              Effect.succeed({
                line: row.line,
                username: row.username,
                action: "failed",
                changes: [],
                error: describe(error, false)[0],
              } as ImportResult),
            ),
          )

        const results = yield* output.batch(
          Stream.fromIterable(rows).pipe(Stream.mapEffect(apply, { concurrency: input.concurrency })),
          {
            columns: [
              { header: "line", value: (result: ImportResult) => String(result.line), align: "right" },
              { header: "username", value: (result) => result.username },
              { header: "result", value: (result) => result.action },
              { header: "details", value: (result) => result.error ?? result.changes.join("; "), max: 70 },
            ],
            json: (result) => result,
          },
          (all) => summarize(all, input.file, input.dryRun),
        )
        if (results.some((result) => result.action === "failed"))
          return yield* new CliFailure({ message: "some rows failed", exitCode: 1, reported: true })
      }),
    )
  })
