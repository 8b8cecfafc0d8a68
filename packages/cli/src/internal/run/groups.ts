/** The implementation of `groups list|create|add|remove|sync`. */

import { resolve as resolvePath } from "node:path"
import type { PortalError } from "@arcgis-portal/core"
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { list as commaList, confirm } from "../commands/common.ts"
import type { createConfig, listConfig, membershipConfig, syncConfig } from "../commands/groups.ts"
import { withPortal } from "../connection.ts"
import * as Csv from "../csv.ts"
import { CliFailure, describe, failed } from "../errors.ts"
import { readCsv } from "../files.ts"
import { Output } from "../output.ts"
import { date } from "../table.ts"
import { findGroup } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

/** What `groups sync` does to one user. */
interface SyncResult {
  readonly username: string
  readonly action: "add" | "remove" | "keep" | "would add" | "would remove" | "failed"
  readonly error?: string | undefined
}

/** The members to add and to remove so that the group's members are `wanted` (the owner always stays). */
export const syncPlan = (
  members: GroupSchema.GroupMembers,
  wanted: ReadonlyArray<string>,
): {
  readonly add: ReadonlyArray<string>
  readonly remove: ReadonlyArray<string>
  readonly keep: ReadonlyArray<string>
} => {
  const current = [...members.admins, ...members.users].filter(
    (user) => user.toLowerCase() !== members.owner.toLowerCase(),
  )
  const has = new Set([members.owner, ...current].map((user) => user.toLowerCase()))
  const want = new Set(wanted.map((user) => user.toLowerCase()))
  return {
    add: wanted.filter((user) => !has.has(user.toLowerCase())),
    remove: current.filter((user) => !want.has(user.toLowerCase())),
    // The owner always stays, listed or not.
    keep: [members.owner, ...current.filter((user) => want.has(user.toLowerCase()))],
  }
}

/** Reads a members file: a `username` column (other columns are refused), one user per row, no duplicates. */
export const readMembers = (text: string): ReadonlyArray<string> => {
  const table = Csv.parse(text, {
    required: ["username"],
    optional: [],
    aliases: { user: "username", login: "username" },
  })
  const seen = new Map<string, number>()
  return table.rows.map((row) => {
    const name = row.fields.username ?? ""
    if (name === "") throw new Csv.CsvError(row.line, "the username is empty")
    const earlier = seen.get(name.toLowerCase())
    if (earlier !== undefined) throw new Csv.CsvError(row.line, `${name} is also on line ${earlier}`)
    seen.set(name.toLowerCase(), row.line)
    return name
  })
}

export const membership = (name: "add" | "remove", input: Command.Command.Config.Infer<typeof membershipConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Groups.layer, () =>
      Effect.gen(function* () {
        const groups = yield* Groups.Groups
        const found = yield* findGroup(input.group)
        const refused =
          name === "add"
            ? (yield* groups.addUsers(found, input.usernames)).notAdded
            : (yield* groups.removeUsers(found, input.usernames)).notRemoved
        const done = input.usernames.filter((user) => !refused.includes(user))
        yield* output.done(
          `${name === "add" ? "Added" : "Removed"} ${done.length} of ${input.usernames.length} ${name === "add" ? "to" : "from"} "${found.title}"${done.length > 0 ? `: ${done.join(", ")}` : ""}`,
          { group: found.id, [name === "add" ? "added" : "removed"]: done, refused },
        )
        if (refused.length > 0)
          return yield* failed(`${name === "add" ? "not added" : "not removed"}: ${refused.join(", ")}`)
      }),
    )
  })
export const list = (input: Command.Command.Config.Infer<typeof listConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Groups.layer, () =>
      Effect.gen(function* () {
        const groups = yield* Groups.Groups
        yield* output.list(
          groups.searchAll({
            ...(Option.isSome(input.query) ? { query: input.query.value } : {}),
            maxItems: Option.getOrUndefined(input.max),
          }),
          {
            columns: [
              { header: "id", value: (entry: GroupSchema.Group) => entry.id },
              { header: "title", value: (entry) => entry.title, max: 40 },
              { header: "owner", value: (entry) => entry.owner, max: 20 },
              { header: "access", value: (entry) => entry.access ?? "" },
              { header: "created", value: (entry) => date(entry.created) },
            ],
            json: (entry) => entry,
          },
        )
      }),
    )
  })

export const create = (input: Command.Command.Config.Infer<typeof createConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(Groups.layer, () =>
      Effect.gen(function* () {
        const groups = yield* Groups.Groups
        const tags = commaList(input.tags)
        const created = yield* groups.create({
          title: input.title,
          tags: tags.length === 0 ? [input.title] : tags,
          access: input.access,
          ...(Option.isSome(input.description) ? { description: input.description.value } : {}),
          ...(Option.isSome(input.snippet) ? { snippet: input.snippet.value } : {}),
        })
        yield* output.done(
          `Created the group "${created.title}" (${created.id}, ${created.access ?? input.access})`,
          created,
        )
      }),
    )
  })

export const sync = (input: Command.Command.Config.Infer<typeof syncConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const wanted = yield* readCsv(resolvePath(input.file), readMembers)
    yield* withPortal(Groups.layer, () =>
      Effect.gen(function* () {
        const groups = yield* Groups.Groups
        const found = yield* findGroup(input.group)
        const plan = syncPlan(yield* groups.getMembers(found), wanted)
        if (!input.dryRun && plan.remove.length > 0)
          yield* confirm(
            `Remove ${plan.remove.length} member(s) from "${found.title}" (${plan.remove.join(", ")})?`,
            input.yes,
          )
        const results = Effect.gen(function* () {
          if (input.dryRun)
            return [
              ...plan.add.map((username) => ({ username, action: "would add" }) as SyncResult),
              ...plan.remove.map((username) => ({ username, action: "would remove" }) as SyncResult),
              ...plan.keep.map((username) => ({ username, action: "keep" }) as SyncResult),
            ]
          const outcome = (names: ReadonlyArray<string>, action: "add" | "remove") =>
            names.length === 0
              ? Effect.succeed([] as Array<SyncResult>)
              : (action === "add"
                  ? Effect.map(groups.addUsers(found, names), (result) => result.notAdded)
                  : Effect.map(groups.removeUsers(found, names), (result) => result.notRemoved)
                ).pipe(
                  Effect.map((refused) =>
                    names.map((username) =>
                      refused.includes(username)
                        ? ({
                            username,
                            action: "failed",
                            error: `the portal did not ${action} ${username}`,
                          } as SyncResult)
                        : ({ username, action } as SyncResult),
                    ),
                  ),
                  Effect.catch((error) =>
                    Effect.succeed(
                      names.map(
                        (username) => ({ username, action: "failed", error: describe(error, false)[0] }) as SyncResult,
                      ),
                    ),
                  ),
                )
          return [
            ...(yield* outcome(plan.add, "add")),
            ...(yield* outcome(plan.remove, "remove")),
            ...plan.keep.map((username) => ({ username, action: "keep" }) as SyncResult),
          ]
        })
        const all = yield* output.batch(
          Stream.fromIterableEffect(results),
          {
            columns: [
              { header: "username", value: (result: SyncResult) => result.username },
              { header: "result", value: (result) => result.action },
              { header: "details", value: (result) => result.error ?? "", max: 70 },
            ],
            json: (result) => result,
          },
          (rows) => {
            const count = (action: SyncResult["action"]) => rows.filter((row) => row.action === action).length
            const failedUsers = rows.filter((row) => row.action === "failed").map((row) => row.username)
            const lines = [
              input.dryRun
                ? `"${found.title}": ${count("would add")} to add, ${count("would remove")} to remove, ${count("keep")} kept — nothing was changed (--dry-run)`
                : `"${found.title}": ${count("add")} added, ${count("remove")} removed, ${count("keep")} kept, ${failedUsers.length} failed`,
            ]
            if (failedUsers.length > 0)
              lines.push(`Not done for ${failedUsers.join(", ")}: run the same command again once fixed.`)
            return {
              lines,
              json: {
                group: found.id,
                dryRun: input.dryRun,
                added: count("add"),
                removed: count("remove"),
                kept: count("keep"),
                wouldAdd: count("would add"),
                wouldRemove: count("would remove"),
                failed: failedUsers,
              },
            }
          },
        )
        if (all.some((row) => row.action === "failed"))
          return yield* new CliFailure({ message: "some members failed", exitCode: 1, reported: true })
      }),
    )
  })
