/**
 * `Clone.clone` (Python `ContentManager.clone_items`): copies items with their dependencies from a source portal
 * to the target (the program's portal). Reads first — the walk of the source (walk.ts), what the target holds
 * (existing.ts), the groups (groups.ts), free service names — and makes the plan (plan.ts); a dry run stops there,
 * having written nothing. Then the target folder and groups, and the steps (execute.ts). Each portal is addressed
 * only through its own context, so each portal's credentials go only to that portal; a public source needs none.
 *
 * @see arcgis.gis.ContentManager.clone_items
 */
import { CommonSchema, Portal, type PortalError, PortalSelf, ServiceContext, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { isServiceNameAvailable } from "../../endpoints/portals/isServiceNameAvailable.ts"
import type { Item } from "../../ItemSchema.ts"
import { type ContentContext, makeContext } from "../../internal/context.ts"
import { checkFolderTitle, checkOwner, refuse } from "../../internal/validate.ts"
import { createFolder } from "../folders.ts"
import { execute } from "./execute.ts"
import { findExisting } from "./existing.ts"
import { applyGroups, planGroups, sourceGroupsOf } from "./groups.ts"
import type { CloneItems, CloneOptions, CloneOutcome, ClonePlan, CloneResult, CloneSource } from "./model.ts"
import { makePlan } from "./plan.ts"
import { type CloneRun, operation, type Settings, serviceUrlOf, settingsOf } from "./run.ts"
import { serviceNameOf } from "./services.ts"
import { type SourceNode, walk } from "./walk.ts"

/** The content context of a portal's services (its own `PortalSelf`, never another portal's). */
const contextOf = (services: Context.Context<Transport.Transport | Portal.Portal>): ContentContext => {
  const transport = Context.get(services, Transport.Transport)
  const self = Option.getOrElse(
    Context.getOption(services as unknown as Context.Context<PortalSelf.PortalSelf>, PortalSelf.PortalSelf),
    () => PortalSelf.make(transport),
  )
  return makeContext(ServiceContext.make(transport, Context.get(services, Portal.Portal), self))
}

/** Runs `use` with the source's context; a source given as a layer is built for it and closed after. */
const withSource = <A, E>(
  source: CloneSource,
  use: (context: ContentContext) => Effect.Effect<A, E>,
): Effect.Effect<A, E | PortalError.InvalidInput> =>
  Layer.isLayer(source)
    ? Effect.scoped(
        Effect.flatMap(
          Layer.build(source as Layer.Layer<Transport.Transport | Portal.Portal, PortalError.InvalidInput>),
          (services) => use(contextOf(services)),
        ),
      )
    : use(contextOf(source as Context.Context<Transport.Transport | Portal.Portal>))

/** Refuses malformed options before anything is sent. */
const checkOptions = (options: CloneOptions): Effect.Effect<void, PortalError.InvalidInput> =>
  Effect.gen(function* () {
    if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
    if (options.folder !== undefined) yield* checkFolderTitle(operation, options.folder)
    for (const [field, value, least] of [
      ["concurrency", options.concurrency, 1],
      ["featurePageSize", options.featurePageSize, 1],
      ["multipartThreshold", options.multipartThreshold, 0],
    ] as const) {
      if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= least))
        yield* refuse(operation, field, `${field} is a number of at least ${least}.`)
    }
    for (const [field, mapping, isId] of [
      ["itemMapping", options.itemMapping, CommonSchema.isItemId],
      ["groupMapping", options.groupMapping, CommonSchema.isGroupId],
    ] as const) {
      for (const [from, to] of Object.entries(mapping ?? {})) {
        if (!isId(from) || !isId(to)) yield* refuse(operation, field, `${field} maps ids (32 hexadecimal characters).`)
      }
    }
  })

/** The service name each hosted feature service to create gets in the target: its own, else `<name>_<id prefix>`. */
const serviceNames = (
  target: ContentContext,
  nodes: ReadonlyArray<SourceNode>,
  settings: Settings,
): Effect.Effect<
  ReadonlyMap<string, { readonly name?: string; readonly refusal?: string }>,
  PortalError.PortalFailure
> =>
  Effect.map(
    Effect.forEach(
      nodes,
      (node) => {
        const name = serviceNameOf(serviceUrlOf(node.item ?? {}) ?? "") ?? `service_${node.id.slice(0, 8)}`
        const candidates = [name, `${name}_${node.id.slice(0, 8)}`]
        const free = (
          index: number,
        ): Effect.Effect<readonly [string, { name?: string; refusal?: string }], PortalError.PortalFailure> =>
          index >= candidates.length
            ? Effect.succeed([
                node.id,
                { refusal: `The target has services named ${candidates.join(" and ")}.` },
              ] as const)
            : Effect.flatMap(
                target.call(isServiceNameAvailable, `${operation}.serviceName`, {
                  name: candidates[index] ?? name,
                  type: "Feature Service",
                }),
                (answer) =>
                  answer.available
                    ? Effect.succeed([node.id, { name: candidates[index] ?? name }] as const)
                    : free(index + 1),
              )
        return free(0)
      },
      { concurrency: settings.concurrency },
    ),
    (entries) => new Map(entries),
  )

const byStatus = <S extends CloneOutcome["status"]>(
  outcomes: ReadonlyArray<CloneOutcome>,
  ...statuses: ReadonlyArray<S>
) =>
  outcomes.filter((outcome): outcome is Extract<CloneOutcome, { readonly status: S }> =>
    (statuses as ReadonlyArray<string>).includes(outcome.status),
  )

const resultOf = (
  dryRun: boolean,
  plan: ClonePlan,
  outcomes: ReadonlyArray<CloneOutcome>,
  ids: ReadonlyMap<string, string>,
  groups: ReadonlyMap<string, string>,
): CloneResult => ({
  dryRun,
  plan,
  outcomes,
  created: byStatus(outcomes, "created"),
  updated: byStatus(outcomes, "updated"),
  skipped: byStatus(outcomes, "skipped"),
  refused: byStatus(outcomes, "refused"),
  failed: byStatus(outcomes, "failed"),
  itemMapping: Object.fromEntries(ids),
  groupMapping: Object.fromEntries(groups),
})

/** `Clone.clone` against the target `target`. */
export const clone = (
  target: ContentContext,
  items: CloneItems,
  options: CloneOptions,
): Effect.Effect<CloneResult, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    yield* checkOptions(options)
    const settings = settingsOf(options)
    return yield* withSource(options.source, (source) =>
      Effect.gen(function* () {
        const targetIsPortal = (yield* target.self(operation)).isPortal === true
        if (settings.preserveItemId && !targetIsPortal) {
          return yield* refuse(
            operation,
            "preserveItemId",
            "The target portal takes no client-chosen item ids (ArcGIS Online).",
          )
        }
        const owner = options.owner ?? (yield* target.me(operation))
        const nodes = yield* walk(source, items, settings)
        const wanted = [...nodes.values()].flatMap((node) =>
          node.item === undefined ? [] : [{ id: node.id, title: node.item.title, type: node.item.type }],
        )
        const { found, conflicts } = yield* findExisting(target, owner, wanted, settings)
        const groupSteps = yield* planGroups(target, sourceGroupsOf(nodes), settings)
        const toCreate = [...nodes.values()].filter(
          (node) =>
            node.kind === "featureService" &&
            node.refusal === undefined &&
            !found.has(node.id) &&
            !conflicts.has(node.id),
        )
        const names = yield* serviceNames(target, toCreate, settings)
        const { plan, levels } = makePlan({
          nodes,
          existing: found,
          conflicts,
          groups: groupSteps,
          serviceNames: names,
          preserveItemId: settings.preserveItemId,
          owner,
          folder: options.folder,
        })
        options.onProgress?.({ stage: "planned", steps: plan.steps.length })
        const ids = new Map<string, string>()
        for (const [sourceId, existing] of found) ids.set(sourceId, existing.item.id)
        if (settings.dryRun)
          return resultOf(
            true,
            plan,
            [],
            ids,
            new Map(
              groupSteps.flatMap((group) =>
                group.targetId === undefined ? [] : [[group.sourceId, group.targetId] as const],
              ),
            ),
          )
        const folderId =
          options.folder === undefined
            ? undefined
            : (yield* createFolder(target)(options.folder, { owner })).id || undefined
        const groups = yield* applyGroups(target, groupSteps, sourceGroupsOf(nodes), settings.concurrency)
        // Links to the source portal (an app's own URL, item pages) point at the target portal.
        const urls = new Map<string, string>([[source.portal.portalUrl, target.portal.portalUrl]])
        const existingItems = new Map<string, Item>()
        for (const [sourceId, existing] of found) {
          existingItems.set(sourceId, existing.item)
          const from = serviceUrlOf(nodes.get(sourceId)?.item ?? {})
          const to = serviceUrlOf(existing.item)
          if (from !== undefined && to !== undefined && nodes.get(sourceId)?.kind === "featureService")
            urls.set(from, to)
        }
        const run: CloneRun = {
          source,
          target,
          owner,
          folderId,
          settings,
          targetIsPortal,
          ids,
          urls,
          created: new Map(),
          notify: (event) => options.onProgress?.(event),
        }
        const outcomes = yield* execute(run, plan, levels, nodes, existingItems, groups)
        return resultOf(false, plan, outcomes, ids, groups)
      }),
    )
  }).pipe(Effect.withSpan(operation))
