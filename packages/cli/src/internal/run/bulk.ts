/** The implementation of `bulk share|delete|move`. */
import { Content, type ItemSchema } from "@arcgis-portal/content"
import { Groups, Users } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as BulkPlan from "../bulk-plan.ts"
import type { moveConfig, removeConfig, shareConfig } from "../commands/bulk.ts"
import { confirm } from "../commands/common.ts"
import { withPortal } from "../connection.ts"
import { CliFailure, describe, usage } from "../errors.ts"
import { Output } from "../output.ts"
import { findGroup } from "./lookups.ts"

/** The services the bulk commands use. */
const features = Layer.mergeAll(Content.layer, Users.layer, Groups.layer)

/** What happened to one item. */
interface Outcome {
  readonly id: string
  readonly title: string
  readonly owner: string
  readonly result: string
  readonly detail?: string | undefined
}

type Verb = "share" | "delete" | "move"

const past: Record<Verb, string> = { share: "shared", delete: "deleted", move: "moved" }

const capitalize = (text: string) => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`

const columns = [
  { header: "id", value: (outcome: Outcome) => outcome.id },
  { header: "title", value: (outcome: Outcome) => outcome.title, max: 36 },
  { header: "owner", value: (outcome: Outcome) => outcome.owner, max: 20 },
  { header: "result", value: (outcome: Outcome) => outcome.result },
  { header: "details", value: (outcome: Outcome) => outcome.detail ?? "", max: 60 },
]

/**
 * Runs a bulk operation: search, plan, show, confirm, act (requests of 100, `concurrency` at once), report.
 * `act` sends one request for one owner's items and returns, per item id, an error message or `undefined` (done).
 */
const runBulk = (options: {
  readonly verb: Verb
  readonly query: string
  readonly max: number
  readonly dryRun: boolean
  readonly yes: boolean
  readonly concurrency: number
  /** How the items are acted on, after the count: `with the organization`, `to folder "archive"`, or nothing. */
  readonly what: string
  /** The flags to repeat in the retry hint (besides --query). */
  readonly rerunFlags: string
  readonly prepare: (
    items: ReadonlyArray<ItemSchema.Item>,
  ) => Effect.Effect<ReadonlyArray<BulkPlan.Step<ItemSchema.Item>>, unknown, Content.Content | Users.Users>
  readonly act: (
    owner: string,
    items: ReadonlyArray<ItemSchema.Item>,
  ) => Effect.Effect<ReadonlyMap<string, string | undefined>, unknown, Content.Content>
}) =>
  Effect.gen(function* () {
    const output = yield* Output
    const content = yield* Content.Content
    const found = yield* Stream.runCollect(
      content.searchAll(options.query, { maxItems: options.max + 1, concurrency: 2 }),
    )
    if (found.length > options.max)
      return yield* usage(
        `the search finds more than ${options.max} items`,
        "Narrow the --query, or raise --max if you really mean all of them.",
      )
    const steps = yield* options.prepare(found)
    const todo = steps.filter((step) => step.act).map((step) => step.item)
    const skipped = steps.filter((step) => !step.act)
    const summaryOf = (outcomes: ReadonlyArray<Outcome>) => {
      const count = (result: string) => outcomes.filter((outcome) => outcome.result === result).length
      const failed = outcomes.filter((outcome) => outcome.result === "failed")
      if (options.dryRun)
        return {
          lines: [
            `Plan: ${options.verb} ${todo.length} of ${found.length} items found by "${options.query}"${options.what}${
              skipped.length > 0 ? ` (${skipped.length} skipped)` : ""
            }. Nothing was changed (--dry-run).`,
          ],
          json: {
            operation: options.verb,
            query: options.query,
            dryRun: true,
            found: found.length,
            planned: todo.length,
            skipped: skipped.length,
          },
        }
      const lines = [
        `${capitalize(past[options.verb])} ${count(past[options.verb])} of ${todo.length} items${options.what}${
          skipped.length > 0 ? ` (${skipped.length} skipped)` : ""
        }; ${failed.length} failed.`,
      ]
      if (failed.length > 0)
        lines.push(
          `Retry the failed items: arcgis-portal bulk ${options.verb} --query '${BulkPlan.idQuery(failed.map((outcome) => outcome.id))}'${options.rerunFlags} --yes`,
          "(Running the same command again also works: items already done are unchanged or no longer found.)",
        )
      return {
        lines,
        json: {
          operation: options.verb,
          query: options.query,
          dryRun: false,
          found: found.length,
          done: count(past[options.verb]),
          skipped: skipped.length,
          failed: failed.map((outcome) => outcome.id),
          retryQuery: failed.length > 0 ? BulkPlan.idQuery(failed.map((outcome) => outcome.id)) : null,
        },
      }
    }
    const skippedOutcomes = skipped.map(
      (step): Outcome => ({
        id: step.item.id,
        title: step.item.title,
        owner: step.item.owner,
        result: "skipped",
        detail: step.reason,
      }),
    )
    if (options.dryRun) {
      yield* output.batch(
        Stream.fromIterable([
          ...todo.map(
            (item): Outcome => ({
              id: item.id,
              title: item.title,
              owner: item.owner,
              result: `would be ${past[options.verb]}`,
            }),
          ),
          ...skippedOutcomes,
        ]),
        { columns, json: (outcome) => outcome },
        summaryOf,
      )
      return
    }
    if (todo.length === 0) {
      yield* output.batch(Stream.fromIterable(skippedOutcomes), { columns, json: (outcome) => outcome }, summaryOf)
      return
    }
    yield* output.note(
      `Plan: ${options.verb} ${todo.length} of ${found.length} items found by "${options.query}"${options.what}${
        skipped.length > 0 ? ` (${skipped.length} skipped)` : ""
      }; ${BulkPlan.batches(todo).length} request(s), ${options.concurrency} at a time.`,
    )
    yield* confirm(`${capitalize(options.verb)} ${todo.length} items${options.what}?`, options.yes)
    const bar = output.progress(`${options.verb} ${todo.length} items`, todo.length)
    let completed = 0
    const requests = Stream.fromIterable(BulkPlan.batches(todo)).pipe(
      Stream.mapEffect(
        (batch) =>
          options.act(batch.owner, batch.items).pipe(
            Effect.map((results) =>
              batch.items.map((item): Outcome => {
                const error = results.has(item.id) ? results.get(item.id) : "no result for this item"
                return {
                  id: item.id,
                  title: item.title,
                  owner: item.owner,
                  result: error === undefined ? past[options.verb] : "failed",
                  detail: error,
                }
              }),
            ),
            // A request refused as a whole fails each of its items, and the others go on.
            Effect.catch((error) =>
              Effect.succeed(
                batch.items.map(
                  (item): Outcome => ({
                    id: item.id,
                    title: item.title,
                    owner: item.owner,
                    result: "failed",
                    detail: describe(error, false)[0],
                  }),
                ),
              ),
            ),
            Effect.tap((outcomes) =>
              Effect.sync(() => {
                completed += outcomes.length
                bar.update(completed)
              }),
            ),
          ),
        { concurrency: options.concurrency },
      ),
      Stream.flatMap((outcomes) => Stream.fromIterable(outcomes)),
      Stream.ensuring(Effect.sync(bar.finish)),
    )
    const outcomes = yield* output.batch(
      Stream.concat(requests, Stream.fromIterable(skippedOutcomes)),
      { columns, json: (outcome) => outcome },
      summaryOf,
    )
    if (outcomes.some((outcome) => outcome.result === "failed"))
      return yield* new CliFailure({ message: "some items failed", exitCode: 1, reported: true })
  })

/** Per item: the portal's error message, or `undefined` when it was done. */
const resultsOf = (
  results: ReadonlyArray<
    | { readonly itemId: string; readonly success: true }
    | {
        readonly itemId: string
        readonly success: false
        readonly error: { readonly message?: string | undefined; readonly code?: unknown }
      }
  >,
): ReadonlyMap<string, string | undefined> =>
  new Map(
    results.map((result) => [
      result.itemId,
      result.success
        ? undefined
        : `${result.error.message ?? "refused"}${result.error.code === undefined ? "" : ` (code ${String(result.error.code)})`}`,
    ]),
  )

export const share = (input: Command.Command.Config.Infer<typeof shareConfig>) =>
  Effect.gen(function* () {
    if (!input.org && !input.everyone && input.groups.length === 0)
      return yield* usage("share with whom? pass --org, --everyone or --group")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const groups = yield* Effect.forEach(input.groups, findGroup)
        const audience = [
          ...(input.everyone ? ["everyone"] : []),
          ...(input.org ? ["the organization"] : []),
          ...groups.map((group) => `"${group.title}"`),
        ].join(", ")
        const rerunFlags = [
          ...(input.org ? [" --org"] : []),
          ...(input.everyone ? [" --everyone"] : []),
          ...groups.map((group) => ` --group ${group.id}`),
        ].join("")
        yield* runBulk({
          verb: "share",
          query: input.query,
          max: input.max,
          dryRun: input.dryRun,
          yes: input.yes,
          concurrency: input.concurrency,
          what: ` with ${audience}`,
          rerunFlags,
          prepare: (items) => Effect.succeed(BulkPlan.plan({ kind: "share" }, items)),
          act: (owner, items) =>
            Effect.gen(function* () {
              const content = yield* Content.Content
              const results = yield* content.shareItems(items, {
                owner,
                concurrency: 1,
                ...(input.org ? { org: true } : {}),
                ...(input.everyone ? { everyone: true } : {}),
                ...(groups.length === 0 ? {} : { groups: groups.map((group) => group.id) }),
              })
              const map = new Map(resultsOf(results))
              for (const result of results)
                if (result.success && result.notSharedWith.length > 0)
                  map.set(result.itemId, `not shared with ${result.notSharedWith.join(", ")}`)
              return map
            }),
        })
      }),
    )
  })

export const remove = (input: Command.Command.Config.Infer<typeof removeConfig>) =>
  withPortal(features, () =>
    runBulk({
      verb: "delete",
      query: input.query,
      max: input.max,
      dryRun: input.dryRun,
      yes: input.yes,
      concurrency: input.concurrency,
      what: "",
      rerunFlags: "",
      prepare: (items) => Effect.succeed(BulkPlan.plan({ kind: "delete" }, items)),
      act: (owner, items) =>
        Effect.flatMap(Content.Content, (content) =>
          Effect.map(content.deleteItems(items, { owner, concurrency: 1 }), resultsOf),
        ),
    }),
  )

export const move = (input: Command.Command.Config.Infer<typeof moveConfig>) =>
  withPortal(features, () =>
    runBulk({
      verb: "move",
      query: input.query,
      max: input.max,
      dryRun: input.dryRun,
      yes: input.yes,
      concurrency: input.concurrency,
      what: input.folder === "/" ? " to the root folder" : ` to folder "${input.folder}"`,
      rerunFlags: ` --folder '${input.folder}'${input.createFolder ? " --create-folder" : ""}`,
      prepare: (items) =>
        Effect.gen(function* () {
          const users = yield* Users.Users
          const content = yield* Content.Content
          const folderIds = new Map<string, string | null>()
          for (const owner of new Set(items.map((item) => item.owner))) {
            if (input.folder === "/") {
              folderIds.set(owner, null)
              continue
            }
            const folders = yield* users.folders(owner)
            const found = folders.find((folder) => folder.title.toLowerCase() === input.folder.toLowerCase())
            if (found !== undefined) folderIds.set(owner, found.id)
            else if (input.createFolder && !input.dryRun)
              folderIds.set(owner, (yield* content.createFolder(input.folder, { owner })).id)
            else if (input.createFolder) folderIds.set(owner, `(new) ${input.folder}`)
          }
          return BulkPlan.plan({ kind: "move", folder: input.folder }, items, folderIds)
        }),
      act: (owner, items) =>
        Effect.flatMap(Content.Content, (content) =>
          Effect.map(content.moveItems(items, input.folder, { owner, concurrency: 1 }), resultsOf),
        ),
    }),
  )
