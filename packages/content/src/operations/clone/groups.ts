/**
 * The groups of a clone: each source group the items are shared with is mapped by `groupMapping`, or — with
 * `createGroups` — a target group of the same title owned by the target caller is reused, or one is created (its
 * title, summary, description, tags and access copied). Creating is idempotent: the portal refuses a second group of
 * the same title and owner, so a re-run, or a re-send after an ambiguous failure, finds the first one by its title.
 */
import { type PortalError, RetryPolicy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { createGroup } from "../../endpoints/community/createGroup.ts"
import type { GroupSummary } from "../../endpoints/community/group.ts"
import { groupSearch } from "../../endpoints/community/groupSearch.ts"
import type { ContentContext } from "../../internal/context.ts"
import { isAmbiguous } from "../../internal/reconcile.ts"
import type { CloneGroupStep } from "./model.ts"
import { operation, phrase, type Settings } from "./run.ts"
import type { SourceGroup, SourceNode } from "./walk.ts"

/** A target group the caller owns with this title (compared case-insensitively), if any. */
const ownedGroup = (
  target: ContentContext,
  caller: string,
  title: string,
): Effect.Effect<GroupSummary | undefined, PortalError.PortalFailure> =>
  Effect.map(
    target.call(groupSearch, `${operation}.groups`, {
      q: `owner:${phrase(caller)} AND title:${phrase(title)}`,
      start: 1,
      num: 100,
    }),
    (page) =>
      page.results.find(
        (group) => group.owner === caller && group.title.trim().toLowerCase() === title.trim().toLowerCase(),
      ),
  )

/** The distinct source groups of the walked items. */
export const sourceGroupsOf = (nodes: ReadonlyMap<string, SourceNode>): ReadonlyArray<SourceGroup> => {
  const groups = new Map<string, SourceGroup>()
  for (const node of nodes.values()) for (const group of node.groups) groups.set(group.id, group)
  return [...groups.values()]
}

/** What happens to each source group (reads the target only). */
export const planGroups = (
  target: ContentContext,
  groups: ReadonlyArray<SourceGroup>,
  settings: Settings,
): Effect.Effect<ReadonlyArray<CloneGroupStep>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const unmapped = groups.filter((group) => settings.groupMapping[group.id] === undefined)
    const caller = settings.createGroups && unmapped.length > 0 ? yield* target.me(operation) : ""
    return yield* Effect.forEach(
      groups,
      (group): Effect.Effect<CloneGroupStep, PortalError.PortalFailure> => {
        const mapped = settings.groupMapping[group.id]
        if (mapped !== undefined)
          return Effect.succeed({ sourceId: group.id, title: group.title, action: "mapped", targetId: mapped })
        if (!settings.createGroups)
          return Effect.succeed({ sourceId: group.id, title: group.title, action: "unmapped" })
        return Effect.map(ownedGroup(target, caller, group.title), (found) =>
          found === undefined
            ? { sourceId: group.id, title: group.title, action: "create" as const }
            : { sourceId: group.id, title: group.title, action: "reuse" as const, targetId: found.id },
        )
      },
      { concurrency: settings.concurrency },
    )
  })

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

/** The properties of a new group, from the source group. */
const groupParams = (group: SourceGroup) => {
  const raw = group.raw
  const access = text(raw.access)
  return {
    title: group.title,
    snippet: text(raw.snippet),
    description: text(raw.description),
    tags: Array.isArray(raw.tags) && raw.tags.length > 0 ? (raw.tags as ReadonlyArray<string>) : ["clone"],
    access: access === "public" || access === "org" || access === "private" ? access : "private",
    isInvitationOnly: typeof raw.isInvitationOnly === "boolean" ? raw.isInvitationOnly : undefined,
    isViewOnly: typeof raw.isViewOnly === "boolean" ? raw.isViewOnly : undefined,
  }
}

/**
 * Creates the groups the plan says to create; returns source group id → target group id for every group that has a
 * target (mapped, reused or created).
 */
export const applyGroups = (
  target: ContentContext,
  steps: ReadonlyArray<CloneGroupStep>,
  groups: ReadonlyArray<SourceGroup>,
  concurrency: number,
): Effect.Effect<ReadonlyMap<string, string>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const mapping = new Map<string, string>()
    for (const step of steps) if (step.targetId !== undefined) mapping.set(step.sourceId, step.targetId)
    const toCreate = steps.filter((step) => step.action === "create")
    if (toCreate.length === 0) return mapping
    const caller = yield* target.me(operation)
    const policy = target.portal.retry
    const byId = new Map(groups.map((group) => [group.id, group]))
    yield* Effect.forEach(
      toCreate,
      (step) => {
        const group = byId.get(step.sourceId) ?? { id: step.sourceId, title: step.title, raw: {} }
        // Sent once; after an ambiguous failure, or "you already have a group named…", the group is looked up by its
        // title (unique per owner) before anything is sent again.
        const attempt = (n: number): Effect.Effect<string, PortalError.PortalFailure> =>
          Effect.catch(
            Effect.map(
              target.call(createGroup, `${operation}.createGroup`, { params: groupParams(group) }),
              (created) => created.group.id,
            ),
            (error: PortalError.PortalFailure) => {
              const taken = error._tag === "PortalError" && /already have a group/i.test(error.details.join(" "))
              if (!taken && !isAmbiguous(error)) return Effect.fail(error)
              return Effect.flatMap(ownedGroup(target, caller, group.title), (found) => {
                if (found !== undefined) return Effect.succeed(found.id)
                if (taken || n >= policy.times) return Effect.fail(error)
                return Effect.andThen(
                  Effect.flatMap(RetryPolicy.delayFor(policy, error, n), Effect.sleep),
                  attempt(n + 1),
                )
              })
            },
          )
        return Effect.map(attempt(0), (id) => {
          mapping.set(step.sourceId, id)
        })
      },
      { concurrency, discard: true },
    )
    return mapping
  })
