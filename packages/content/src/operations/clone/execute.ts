/**
 * Runs a clone's plan: level by level (an item's dependencies are in lower levels), `concurrency` items at once
 * within a level. Each step ends as one outcome — created, updated (an unfinished clone finished), skipped, refused,
 * or failed with its typed error (a step whose dependency failed fails without writing anything) — and is reported
 * as it starts and ends. A failed step never stops the others.
 */
import * as Effect from "effect/Effect"
import type { Item } from "../../ItemSchema.ts"
import { createItem, resumeItem } from "./create.ts"
import { finish } from "./finish.ts"
import { CloneDependencyFailed, type CloneOutcome, type ClonePlan, type CloneStep } from "./model.ts"
import { type CloneRun, operation, report } from "./run.ts"
import { cloneService } from "./services.ts"
import type { SourceNode } from "./walk.ts"

/** Creates or finishes one item's clone; returns its id and notes. */
const runStep = (
  run: CloneRun,
  step: CloneStep,
  node: SourceNode & { readonly item: Item },
  existing: Item | undefined,
  groups: ReadonlyMap<string, string>,
) =>
  Effect.gen(function* () {
    const notes: Array<string> = [...step.notes]
    let id: string
    if (node.kind === "featureService") {
      const cloned = yield* cloneService(run, node, existing, step.serviceName)
      id = cloned.id
      notes.push(...cloned.notes)
    } else if (existing !== undefined) {
      yield* resumeItem(run, node, existing)
      id = existing.id
    } else {
      id = yield* createItem(run, node)
    }
    run.created.set(node.id, id)
    run.ids.set(node.id, id)
    const targets = step.shareWith.flatMap((group) => {
      const target = groups.get(group)
      return target === undefined ? [] : [target]
    })
    notes.push(...(yield* finish(run, node, id, targets, existing !== undefined)))
    return { id, notes }
  })

/** Runs every step of `plan`; one outcome per step, in plan order. */
export const execute = (
  run: CloneRun,
  plan: ClonePlan,
  levels: ReadonlyMap<string, number>,
  nodes: ReadonlyMap<string, SourceNode>,
  existing: ReadonlyMap<string, Item>,
  groups: ReadonlyMap<string, string>,
): Effect.Effect<ReadonlyArray<CloneOutcome>> =>
  Effect.gen(function* () {
    const outcomes = new Map<string, CloneOutcome>()
    const total = plan.steps.length
    const ended = (step: CloneStep, outcome: CloneOutcome) =>
      Effect.andThen(
        Effect.sync(() => outcomes.set(step.sourceId, outcome)),
        // A thunk: `done` counts this step's outcome, set just before.
        () =>
          report(run, {
            stage: "step",
            sourceId: step.sourceId,
            status: outcome.status,
            done: outcomes.size,
            total,
            targetId: outcome.status === "refused" ? undefined : outcome.targetId,
          }),
      )
    const one = (step: CloneStep): Effect.Effect<void> => {
      const node = nodes.get(step.sourceId)
      if (step.action === "refuse" || node?.item === undefined) {
        return ended(step, {
          status: "refused",
          sourceId: step.sourceId,
          title: step.title,
          reason: step.reason ?? "Not cloned.",
        })
      }
      if (step.action === "skip") {
        return ended(step, {
          status: "skipped",
          sourceId: step.sourceId,
          targetId: step.targetId ?? "",
          title: step.title,
          type: step.type,
          notes: step.reason === undefined ? step.notes : [step.reason, ...step.notes],
        })
      }
      const failedDependencies = step.dependsOn.filter((dependency) => outcomes.get(dependency)?.status === "failed")
      if (failedDependencies.length > 0) {
        return ended(step, {
          status: "failed",
          sourceId: step.sourceId,
          title: step.title,
          targetId: step.action === "update" ? step.targetId : undefined,
          error: new CloneDependencyFailed({
            operation,
            sourceId: step.sourceId,
            dependencies: failedDependencies,
            message: `Not cloned: ${failedDependencies.join(", ")}, which it references, failed.`,
          }),
        })
      }
      const item = node as SourceNode & { readonly item: Item }
      return Effect.gen(function* () {
        yield* report(run, { stage: "step", sourceId: step.sourceId, status: "started", done: outcomes.size, total })
        const result = yield* Effect.result(
          runStep(run, step, item, step.action === "update" ? existing.get(step.sourceId) : undefined, groups),
        )
        yield* ended(
          step,
          result._tag === "Success"
            ? {
                status: step.action === "update" ? "updated" : "created",
                sourceId: step.sourceId,
                targetId: result.success.id,
                title: step.title,
                type: step.type,
                notes: result.success.notes,
              }
            : {
                status: "failed",
                sourceId: step.sourceId,
                title: step.title,
                targetId: run.created.get(step.sourceId) ?? (step.action === "update" ? step.targetId : undefined),
                error: result.failure,
              },
        )
      })
    }
    const byLevel = new Map<number, Array<CloneStep>>()
    for (const step of plan.steps) {
      const level = levels.get(step.sourceId) ?? 0
      byLevel.set(level, [...(byLevel.get(level) ?? []), step])
    }
    for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
      yield* Effect.forEach(byLevel.get(level) ?? [], one, { concurrency: run.settings.concurrency, discard: true })
    }
    return plan.steps.flatMap((step) => {
      const outcome = outcomes.get(step.sourceId)
      return outcome === undefined ? [] : [outcome]
    })
  })
