/**
 * The implementation of `clone`: checks what to clone, opens the source (`--from`, its own session) beside the target
 * (the command line's portal), asks `Clone.clone` for the plan (a dry run: reads only) and prints it, then — unless
 * `--dry-run`, and once confirmed — runs the clone with a progress line, and prints one row per item and a summary.
 * A partial failure exits 1 after listing the failed items: the same command, run again, finishes the job. However
 * the clone ends, a refresh token the source's OAuth session exchanged is saved back to its profile (the target's is
 * saved by `withPortal`).
 */
import { Clone } from "@arcgis-portal/content"
import { CommonSchema, type PortalError } from "@arcgis-portal/core"
import { Groups } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CloneSource from "../clone-source.ts"
import {
  counts,
  groupSummary,
  type OutcomeRow,
  outcomeColumns,
  outcomeJson,
  outcomeRow,
  planColumns,
  planCounts,
  progressLine,
  resultJson,
  settledByPlan,
} from "../clone-view.ts"
import type { cloneConfig } from "../commands/clone.ts"
import { confirm } from "../commands/common.ts"
import { type PortalServices, withPortal } from "../connection.ts"
import { CliFailure, failed, usage } from "../errors.ts"
import { Verbose } from "../global-flags.ts"
import { Output } from "../output.ts"
import * as Table from "../table.ts"
import { findGroup } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

type Input = Command.Command.Config.Infer<typeof cloneConfig>

/** What to clone, as the command line says it (a group still by id or title). */
type Selection =
  | { readonly kind: "ids"; readonly ids: ReadonlyArray<string> }
  | { readonly kind: "query"; readonly query: string }
  | { readonly kind: "folder"; readonly folder: string; readonly owner: string | undefined }
  | { readonly kind: "group"; readonly group: string }

/** Exactly one of item ids, `--query`, `--folder` (with an optional `--owner`) or `--group`. */
export const selectionOf = (input: {
  readonly ids: ReadonlyArray<string>
  readonly query: Option.Option<string>
  readonly folder: Option.Option<string>
  readonly owner: Option.Option<string>
  readonly group: Option.Option<string>
}): Effect.Effect<Selection, CliFailure> =>
  Effect.gen(function* () {
    const given = [
      input.ids.length > 0 ? "item ids" : undefined,
      Option.isSome(input.query) ? "--query" : undefined,
      Option.isSome(input.folder) ? "--folder" : undefined,
      Option.isSome(input.group) ? "--group" : undefined,
    ].filter((entry) => entry !== undefined)
    if (given.length === 0)
      return yield* usage("what should be cloned? give item ids, or --query, --folder or --group of the source")
    if (given.length > 1)
      return yield* usage(`give one of item ids, --query, --folder or --group, not ${given.join(" and ")}`)
    if (Option.isSome(input.owner) && Option.isNone(input.folder))
      return yield* usage("--owner names the owner of the source --folder", "The owner of the clones is --to-owner.")
    if (Option.isSome(input.query)) {
      if (input.query.value.trim() === "") return yield* usage("--query is empty")
      return { kind: "query", query: input.query.value }
    }
    if (Option.isSome(input.folder))
      return { kind: "folder", folder: input.folder.value, owner: Option.getOrUndefined(input.owner) }
    if (Option.isSome(input.group)) return { kind: "group", group: input.group.value }
    const bad = input.ids.find((id) => !CommonSchema.isItemId(id.toLowerCase()))
    if (bad !== undefined) return yield* usage(`not an item id: ${bad} (32 hexadecimal characters)`)
    return { kind: "ids", ids: [...new Set(input.ids.map((id) => id.toLowerCase()))] }
  })

/** `--group-map <source>=<target>` entries as pairs (each side an id or an exact title). */
export const parseGroupMap = (
  entries: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<readonly [string, string]>, CliFailure> =>
  Effect.forEach(entries, (entry) => {
    const at = entry.indexOf("=")
    const from = at === -1 ? "" : entry.slice(0, at).trim()
    const to = at === -1 ? "" : entry.slice(at + 1).trim()
    return from === "" || to === ""
      ? Effect.fail(
          usage(`--group-map takes <source group>=<target group> (an id or an exact title each), not ${entry}`),
        )
      : Effect.succeed([from, to] as const)
  })

/** The plan as the lines a person reads before saying yes: the table, then what it adds up to. */
const planLines = (
  planned: Clone.CloneResult,
  portals: { readonly source: string; readonly target: string },
  width: number | undefined,
): ReadonlyArray<string> => {
  const plan = planned.plan
  const tally = planCounts(plan)
  const groups = groupSummary(plan)
  return [
    ...Table.render(planColumns, plan.steps, width),
    `Plan: clone ${plan.steps.length} items from ${portals.source} into ${portals.target}` +
      ` (owner ${plan.owner}${plan.folder === undefined ? "" : `, folder "${plan.folder}"`}):` +
      ` ${tally.create} to create, ${tally.update} to finish, ${tally.skip} already there, ${tally.refuse} refused.` +
      (groups === "" ? "" : ` Groups: ${groups}.`),
  ]
}

/** The summary after the copy: the counts, and for a partial failure the failed items and how to finish. */
const summaryLines = (result: Clone.CloneResult, portals: { readonly source: string; readonly target: string }) => {
  const tally = counts(result)
  const lines = [
    `Cloned from ${portals.source} into ${portals.target}: ${tally.created} created, ${tally.updated} updated, ` +
      `${tally.skipped} skipped, ${tally.refused} refused, ${tally.failed} failed.`,
  ]
  if (result.failed.length > 0) {
    lines.push("Failed:")
    for (const failure of result.failed)
      lines.push(`  ${Table.sanitize(failure.title)} (${failure.sourceId}): ${outcomeRow(failure, new Map()).detail}`)
    lines.push(
      "Run the same command again to finish the job: what is cloned already is skipped, unfinished clones are finished, nothing is created twice.",
    )
  }
  return lines
}

export const clone = (input: Input) =>
  Effect.gen(function* () {
    const output = yield* Output
    const selection = yield* selectionOf(input)
    const groupPairs = yield* parseGroupMap(input.groupMap)
    const source = yield* CloneSource.resolve(input.from)
    const verbose = yield* Verbose
    const width = output.stderrIsTerminal ? process.stderr.columns : undefined
    yield* withPortal(Groups.layer, (target) =>
      Effect.scoped(
        Effect.gen(function* () {
          const sourceServices = yield* Layer.build(CloneSource.layer(source, verbose)).pipe(
            Effect.mapError((error) => (error.field === "url" ? usage(`not a portal URL: ${source.url}`) : error)),
          )
          const onSource = <A, E>(effect: Effect.Effect<A, E, Groups.Groups | PortalServices>) =>
            Effect.provideContext(effect, sourceServices)
          const items: Clone.CloneItems =
            selection.kind === "ids"
              ? selection.ids
              : selection.kind === "query"
                ? { query: selection.query }
                : selection.kind === "folder"
                  ? { folder: selection.folder, owner: selection.owner }
                  : { group: (yield* onSource(findGroup(selection.group))).id }
          const groupMapping: Record<string, string> = {}
          for (const [from, to] of groupPairs)
            groupMapping[(yield* onSource(findGroup(from))).id] = (yield* findGroup(to)).id
          const options = {
            source: sourceServices,
            folder: Option.getOrUndefined(input.toFolder),
            owner: Option.getOrUndefined(input.toOwner),
            copyData: input.copyData,
            searchExistingItems: input.searchExisting,
            groupMapping,
            createGroups: input.createGroups,
            preserveItemId: input.preserveItemId,
            concurrency: input.concurrency,
          } satisfies Clone.CloneOptions
          const portals = { source: source.label, target: target.url }
          const planned = yield* Clone.clone(items, { ...options, dryRun: true })
          if (planned.plan.steps.length === 0) return yield* failed(`nothing to clone: ${describeSelection(selection)}`)

          if (input.dryRun) {
            if (output.mode === "json") return yield* output.done("", resultJson(planned, portals))
            yield* output.batch(
              Stream.fromIterable(planned.plan.steps),
              { columns: planColumns, json: (step) => step },
              () => ({
                lines: [...planLines(planned, portals, width).slice(-1), "Nothing was changed (--dry-run)."],
                json: undefined,
              }),
            )
            return
          }

          for (const line of planLines(planned, portals, width)) yield* output.note(line)
          const tally = planCounts(planned.plan)
          const report = (result: Clone.CloneResult) =>
            output.mode === "json"
              ? Effect.as(output.done("", resultJson(result, portals)), result)
              : Effect.map(
                  output.batch(
                    Stream.fromIterable(
                      result.outcomes.map((outcome) =>
                        outcomeRow(outcome, new Map(result.plan.steps.map((step) => [step.sourceId, step]))),
                      ),
                    ),
                    { columns: outcomeColumns, json: (row: OutcomeRow) => outcomeJson(row.outcome) },
                    () => ({ lines: summaryLines(result, portals), json: undefined }),
                  ),
                  () => result,
                )
          // Every step already there or refused: the plan is the result, and nothing needs a yes.
          if (tally.create + tally.update === 0) return yield* report(settledByPlan(planned))

          yield* confirm(
            `Clone ${tally.create + tally.update} of ${planned.plan.steps.length} items from ${portals.source} into ${portals.target}?`,
            input.yes,
          )
          const line = output.stderrIsTerminal
            ? progressLine(process.stderr, new Map(planned.plan.steps.map((step) => [step.sourceId, step.title])))
            : undefined
          const result = yield* Clone.clone(items, { ...options, onProgress: line?.update }).pipe(
            Effect.ensuring(Effect.sync(() => line?.finish())),
          )
          yield* report(result)
          if (result.failed.length > 0)
            return yield* new CliFailure({ message: "some items failed", exitCode: 1, reported: true })
        }),
      ),
    ).pipe(Effect.ensuring(CloneSource.persistSession(source)))
  })

const describeSelection = (selection: Selection): string => {
  switch (selection.kind) {
    case "ids":
      return "the source shows none of these items"
    case "query":
      return `the search "${selection.query}" finds no item in the source`
    case "folder":
      return `the source folder "${selection.folder}" is empty`
    case "group":
      return `no item of the source is shared with the group "${selection.group}"`
  }
}
