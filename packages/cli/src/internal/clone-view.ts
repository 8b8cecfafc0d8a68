/**
 * How `clone` shows its work: the plan's columns (action, type, title, source id, target id or reason), the outcomes'
 * columns, the JSON of the result document (typed errors as their tag, message and the portal's codes — never a
 * request body or a token), the summaries, and the progress line drawn on a terminal while the copy runs
 * (`render` is pure, for tests).
 */
import type { Clone } from "@arcgis-portal/content"
import * as Table from "./table.ts"

/** One row of the outcome listing. */
export interface OutcomeRow {
  readonly result: Clone.CloneOutcome["status"]
  readonly type: string
  readonly title: string
  readonly sourceId: string
  readonly targetId: string | undefined
  /** The reason (refused, skipped), the error (failed) or the notes. */
  readonly detail: string
  readonly outcome: Clone.CloneOutcome
}

/** What a step will do, for the plan's last column: its target, its reason, its service name. */
export const stepDetail = (step: Clone.CloneStep): string => {
  const parts: Array<string> = []
  if (step.targetId !== undefined) parts.push(`→ ${step.targetId}`)
  if (step.reason !== undefined) parts.push(step.reason)
  if (step.serviceName !== undefined) parts.push(`service ${step.serviceName}`)
  if (step.requestedBy === "dependency" && step.action === "create") parts.push("(a dependency)")
  return parts.join(" ")
}

export const planColumns: ReadonlyArray<Table.Column<Clone.CloneStep>> = [
  { header: "action", value: (step) => step.action },
  { header: "type", value: (step) => step.type, max: 24 },
  { header: "title", value: (step) => step.title, max: 36 },
  { header: "source id", value: (step) => step.sourceId },
  { header: "target id / reason", value: stepDetail, max: 70 },
]

export const outcomeColumns: ReadonlyArray<Table.Column<OutcomeRow>> = [
  { header: "result", value: (row) => row.result },
  { header: "type", value: (row) => row.type, max: 24 },
  { header: "title", value: (row) => row.title, max: 36 },
  { header: "source id", value: (row) => row.sourceId },
  { header: "target id", value: (row) => row.targetId ?? "" },
  { header: "details", value: (row) => row.detail, max: 60 },
]

/** A step's failure as JSON: what a script needs to decide (tag, message, the portal's codes, retryable). */
export const errorJson = (error: Clone.CloneStepError): Record<string, unknown> => {
  const fields = error as unknown as Record<string, unknown>
  const json: Record<string, unknown> = { _tag: error._tag, message: error.message }
  for (const key of ["reason", "code", "messageCode", "operation", "status", "dependencies"] as const)
    if (fields[key] !== undefined) json[key] = fields[key]
  const retryable = (error as { readonly retryable?: unknown }).retryable
  if (typeof retryable === "boolean") json.retryable = retryable
  return json
}

/** An outcome as JSON (a failed one's error as {@link errorJson}). */
export const outcomeJson = (outcome: Clone.CloneOutcome): Record<string, unknown> =>
  outcome.status === "failed" ? { ...outcome, error: errorJson(outcome.error) } : { ...outcome }

/** One line of the error: its message and the portal's code. */
export const errorLine = (error: Clone.CloneStepError): string => {
  const code = (error as { readonly code?: unknown }).code
  const messageCode = (error as { readonly messageCode?: unknown }).messageCode
  const codes = [code, messageCode].filter((value) => typeof value === "number" || typeof value === "string")
  return `${Table.sanitize(error.message)}${codes.length > 0 ? ` (code ${codes.join(" ")})` : ""}`
}

/** The listing row of an outcome, with the type from its plan step. */
export const outcomeRow = (outcome: Clone.CloneOutcome, steps: ReadonlyMap<string, Clone.CloneStep>): OutcomeRow => {
  const step = steps.get(outcome.sourceId)
  const base = { result: outcome.status, type: step?.type ?? "", title: outcome.title, sourceId: outcome.sourceId }
  switch (outcome.status) {
    case "refused":
      return { ...base, targetId: undefined, detail: outcome.reason, outcome }
    case "failed":
      return { ...base, targetId: outcome.targetId, detail: errorLine(outcome.error), outcome }
    default:
      return {
        ...base,
        targetId: outcome.targetId,
        detail: outcome.status === "skipped" ? (step?.reason ?? "") : outcome.notes.join(" "),
        outcome,
      }
  }
}

/** The result document of `--json`: the SDK's `CloneResult`, errors as JSON, and which portals. */
export const resultJson = (
  result: Clone.CloneResult,
  portals: { readonly source: string; readonly target: string },
) => ({
  source: portals.source,
  target: portals.target,
  dryRun: result.dryRun,
  summary: counts(result),
  plan: result.plan,
  outcomes: result.outcomes.map(outcomeJson),
  failed: result.failed.map(outcomeJson),
  itemMapping: result.itemMapping,
  groupMapping: result.groupMapping,
})

/** How many steps ended each way. */
export const counts = (result: Clone.CloneResult) => ({
  created: result.created.length,
  updated: result.updated.length,
  skipped: result.skipped.length,
  refused: result.refused.length,
  failed: result.failed.length,
})

/** How many steps plan each action. */
export const planCounts = (plan: Clone.ClonePlan) => {
  const count = (action: Clone.CloneAction) => plan.steps.filter((step) => step.action === action).length
  return { create: count("create"), update: count("update"), skip: count("skip"), refuse: count("refuse") }
}

/** `2 mapped, 1 to create, 1 not shared` — the groups of the plan. */
export const groupSummary = (plan: Clone.ClonePlan): string => {
  const words: Record<Clone.CloneGroupStep["action"], string> = {
    mapped: "mapped",
    reuse: "reused by title",
    create: "to create",
    unmapped: "not shared (no target group)",
  }
  const parts = (Object.keys(words) as Array<Clone.CloneGroupStep["action"]>).flatMap((action) => {
    const count = plan.groups.filter((group) => group.action === action).length
    return count === 0 ? [] : [`${count} ${words[action]}`]
  })
  return parts.join(", ")
}

/**
 * The result when the plan writes nothing (every step skipped or refused): the outcomes the plan already knows,
 * without a second pass over both portals.
 */
export const settledByPlan = (planned: Clone.CloneResult): Clone.CloneResult => {
  const outcomes = planned.plan.steps.map((step): Clone.CloneOutcome => {
    if (step.action === "refuse")
      return { status: "refused", sourceId: step.sourceId, title: step.title, reason: step.reason ?? "" }
    return {
      status: "skipped",
      sourceId: step.sourceId,
      targetId: step.targetId ?? "",
      title: step.title,
      type: step.type,
      notes: step.notes,
    }
  })
  const settled = outcomes.filter(
    (outcome): outcome is Extract<Clone.CloneOutcome, { readonly status: "skipped" }> => outcome.status === "skipped",
  )
  const refused = outcomes.filter(
    (outcome): outcome is Extract<Clone.CloneOutcome, { readonly status: "refused" }> => outcome.status === "refused",
  )
  return { ...planned, dryRun: false, outcomes, created: [], updated: [], skipped: settled, refused, failed: [] }
}

/** What the progress line shows. */
export interface ProgressState {
  readonly done: number
  readonly total: number
  readonly failed: number
  /** The step the line last heard of, and what it is doing (`features 400/1000`, `12.0 MiB / 40.0 MiB`). */
  readonly current: string | undefined
}

/** `clone  [######----------]  12/40 items  1 failed  Parks layer: features 400/1000`, at most `width` columns. */
export const render = (state: ProgressState, width: number): string => {
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 0
  const barWidth = 20
  const filled = Math.round(fraction * barWidth)
  const head = `clone  [${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]  ${state.done}/${state.total} items`
  const failures = state.failed > 0 ? `  ${state.failed} failed` : ""
  const current = state.current === undefined ? "" : `  ${Table.sanitize(state.current)}`
  return Table.truncate(`${head}${failures}${current}`, width)
}

/** A progress line on a terminal: redrawn in place at most ten times a second; `finish` clears it. */
export const progressLine = (
  stream: { readonly write: (text: string) => unknown; readonly columns?: number | undefined },
  titles: ReadonlyMap<string, string>,
  now: () => number = Date.now,
) => {
  let state: ProgressState = { done: 0, total: titles.size, failed: 0, current: undefined }
  let last = Number.NEGATIVE_INFINITY
  let finished = false
  const ended = new Set<string>()
  const draw = (force: boolean) => {
    const time = now()
    if (finished || (!force && time - last < 100)) return
    last = time
    stream.write(`\r\u001b[2K${render(state, (stream.columns ?? 80) - 1)}`)
  }
  const titleOf = (sourceId: string) => titles.get(sourceId) ?? sourceId
  return {
    update: (event: Clone.CloneProgress) => {
      switch (event.stage) {
        case "planned":
          state = { ...state, total: event.steps }
          break
        case "step":
          // Counted here, from the ends themselves: the line must reach the total whatever `done` an event carries.
          if (event.status !== "started") ended.add(event.sourceId)
          state = {
            ...state,
            done: ended.size,
            total: event.total,
            failed: state.failed + (event.status === "failed" ? 1 : 0),
            current: event.status === "started" ? titleOf(event.sourceId) : state.current,
          }
          draw(ended.size === event.total)
          return
        case "bytes":
          state = {
            ...state,
            current: `${titleOf(event.sourceId)}: ${Table.bytes(event.bytes)}${event.total === undefined ? "" : ` / ${Table.bytes(event.total)}`}`,
          }
          break
        case "features":
          state = {
            ...state,
            current: `${titleOf(event.sourceId)}: features ${event.copied}${event.total === undefined ? "" : `/${event.total}`}`,
          }
          break
      }
      draw(false)
    },
    finish: () => {
      if (finished) return
      finished = true
      stream.write("\r\u001b[2K")
    },
  }
}
