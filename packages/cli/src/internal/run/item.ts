/**
 * The implementation of `item get|add|update|download|share|unshare|move|delete|protect`: the one-shot operations on
 * an item are here; the transfers (`add`, `update`, `download`, with progress and resume) are in `item-transfer.ts`
 * and exported from here, so every item command loads this module.
 */
import type { Job } from "@arcgis-portal/content"
import { Content, type ItemSchema, Items } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import { confirm } from "../commands/common.ts"
import type {
  getConfig,
  moveConfig,
  protectConfig,
  removeConfig,
  shareConfig,
  unshareConfig,
} from "../commands/item.ts"
import { withPortal } from "../connection.ts"
import { failed, usage } from "../errors.ts"
import { Output } from "../output.ts"
import { bytes, date } from "../table.ts"
import { features } from "./item-transfer.ts"
import { findGroup, findItem } from "./lookups.ts"

export { add, download, update } from "./item-transfer.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure | Job.JobFailed

/** The item for people: the fields an administrator looks at. */
const itemEntries = (item: ItemSchema.Item): ReadonlyArray<readonly [string, string]> => [
  ["id", item.id],
  ["title", item.title],
  ["type", item.type],
  ["owner", item.owner],
  ["folder", item.ownerFolder ?? "/"],
  ["access", item.access ?? ""],
  ["tags", (item.tags ?? []).join(", ")],
  ["snippet", item.snippet ?? ""],
  ["size", bytes(item.size)],
  ["created", date(item.created)],
  ["modified", date(item.modified)],
  ["url", item.url ?? ""],
  ["protected", item.protected === true ? "yes" : "no"],
]

const audience = (org: boolean, everyone: boolean, groups: ReadonlyArray<{ readonly title: string }>) =>
  [
    ...(everyone ? ["everyone"] : []),
    ...(org ? ["the organization"] : []),
    ...groups.map((group) => `group "${group.title}"`),
  ].join(", ")

export const get = (input: Command.Command.Config.Infer<typeof getConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const item = yield* findItem(input.id)
        yield* output.record(item, itemEntries(item))
      }),
    )
  })

export const remove = (input: Command.Command.Config.Infer<typeof removeConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        if (input.dryRun) {
          const check = yield* items.canDelete(item)
          const reason = (check as { error?: { message?: string; messageCode?: string } }).error
          if (!check.success)
            return yield* failed(
              `"${item.title}" (${item.id}) cannot be deleted: ${reason?.message ?? "the portal refused"}${reason?.messageCode ? ` (${reason.messageCode})` : ""}`,
            )
          yield* output.done(`Would delete "${item.title}" (${item.id}); nothing was changed (--dry-run)`, {
            id: item.id,
            deleted: false,
            dryRun: true,
          })
          return
        }
        yield* confirm(`Delete "${item.title}" (${item.id}, ${item.type}, owner ${item.owner})?`, input.yes)
        yield* items.delete(item)
        yield* output.done(`Deleted "${item.title}" (${item.id})`, { id: item.id, deleted: true })
      }),
    )
  })
export const share = (input: Command.Command.Config.Infer<typeof shareConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    if (!input.org && !input.everyone && input.groups.length === 0)
      return yield* usage("share with whom? pass --org, --everyone or --group")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        const groups = yield* Effect.forEach(input.groups, findGroup)
        const result = yield* items.share(item, {
          ...(input.org ? { org: true } : {}),
          ...(input.everyone ? { everyone: true } : {}),
          ...(groups.length === 0 ? {} : { groups: groups.map((group) => group.id) }),
        })
        const refused = groups.filter((group) => result.notSharedWith.includes(group.id))
        const shared = groups.filter((group) => !result.notSharedWith.includes(group.id))
        yield* output.done(
          `Shared "${item.title}" (${item.id}) with ${audience(input.org, input.everyone, shared) || "nobody new"}`,
          {
            id: item.id,
            org: input.org,
            everyone: input.everyone,
            sharedWith: shared.map((group) => group.id),
            notSharedWith: result.notSharedWith,
          },
        )
        if (refused.length > 0)
          return yield* failed(
            `not shared with ${refused.map((group) => `"${group.title}" (${group.id})`).join(", ")}: the portal refused`,
          )
      }),
    )
  })

export const unshare = (input: Command.Command.Config.Infer<typeof unshareConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    if (!input.org && !input.everyone && input.groups.length === 0)
      return yield* usage("unshare from what? pass --group, --org or --everyone")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        const groups = yield* Effect.forEach(input.groups, findGroup)
        let notUnsharedFrom: ReadonlyArray<string> = []
        if (groups.length > 0)
          notUnsharedFrom = (yield* items.unshare(
            item,
            groups.map((group) => group.id),
          )).notUnsharedFrom
        if (input.org || input.everyone)
          yield* items.share(item, {
            ...(input.everyone ? { everyone: false } : {}),
            ...(input.org ? { org: false } : {}),
          })
        const refused = groups.filter((group) => notUnsharedFrom.includes(group.id))
        const done = groups.filter((group) => !notUnsharedFrom.includes(group.id))
        yield* output.done(
          `Stopped sharing "${item.title}" (${item.id}) with ${audience(input.org, input.everyone, done) || "nothing"}`,
          {
            id: item.id,
            org: input.org,
            everyone: input.everyone,
            unsharedFrom: done.map((group) => group.id),
            notUnsharedFrom,
          },
        )
        if (refused.length > 0)
          return yield* failed(
            `not unshared from ${refused.map((group) => `"${group.title}" (${group.id})`).join(", ")}`,
          )
      }),
    )
  })

export const move = (input: Command.Command.Config.Infer<typeof moveConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const content = yield* Content.Content
        const item = yield* findItem(input.id)
        if (input.createFolder && input.folder !== "/") yield* content.createFolder(input.folder, { owner: item.owner })
        const result = yield* items.move(item, input.folder)
        if (!result.success) return yield* failed(`the portal did not move ${item.id}`)
        yield* output.done(
          `Moved "${item.title}" (${item.id}) to ${input.folder === "/" ? "the root folder" : `folder "${input.folder}"`}`,
          {
            id: item.id,
            folder: input.folder,
            moved: true,
          },
        )
      }),
    )
  })

export const protect = (input: Command.Command.Config.Infer<typeof protectConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        yield* items.protect(item, !input.off)
        yield* output.done(
          input.off
            ? `"${item.title}" (${item.id}) can be deleted again`
            : `Protected "${item.title}" (${item.id}) from deletion`,
          { id: item.id, protected: !input.off },
        )
      }),
    )
  })
