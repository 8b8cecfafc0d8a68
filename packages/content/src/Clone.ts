/**
 * Cloning content between portals — the TypeScript counterpart of Python's `ContentManager.clone_items`: items with
 * their dependencies (web maps' layers, apps' web maps, related items), in dependency order, from a source portal
 * into the portal of the program. Text data is rewritten to the clones' ids and service URLs; hosted feature services
 * are recreated with their layers and features; resources, thumbnails and metadata come along; sharing is re-applied
 * through `groupMapping`. Idempotent and resumable: every clone carries `source-<id>`, so running the same clone
 * again finishes what an interrupted run left and creates nothing twice. One limit: on ArcGIS Online, which takes no
 * client-chosen item id, a create whose answer was lost is looked up by a search before it is sent again, and the
 * portal's search index may lag a freshly created item by seconds; ArcGIS Enterprise targets are looked up by id.
 *
 * A module of its own (not a method of the `Content` service) so that a program that never clones does not bundle it.
 *
 * @see arcgis.gis.ContentManager.clone_items
 * @module
 */
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { captureContext } from "./internal/context.ts"
import { clone as cloneOperation } from "./operations/clone/clone.ts"
import type { CloneItems, CloneOptions, CloneResult } from "./operations/clone/model.ts"

export type {
  CloneAction,
  CloneGroupStep,
  CloneItems,
  CloneKind,
  CloneOptions,
  CloneOutcome,
  ClonePlan,
  CloneProgress,
  CloneResult,
  CloneSource,
  CloneStep,
  CloneStepError,
} from "./operations/clone/model.ts"
export { CloneDependencyFailed } from "./operations/clone/model.ts"

/**
 * Clones `items` (ids, or `{ query }`, `{ folder }`, `{ group }` of the source) and what they depend on from
 * `options.source` into this program's portal (the target: `Portal.layer` provided to it), each portal through its
 * own session. Reads both portals and makes the plan first — `create`, `update` (finish an unfinished clone), `skip`
 * (already in the target) or `refuse` (and why) per item — then, unless `dryRun`, runs it, `concurrency` items at a
 * time. Per-item failures are outcomes in the result with their typed errors, never lost; the effect itself fails
 * only when the plan cannot be made (bad options, a portal that cannot be read).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 * @see arcgis.gis.ContentManager.clone_items
 * @example
 * import { Clone } from "@arcgis-portal/content"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const staging = Portal.layer({ url: "https://staging.example.com/portal" })
 * const program = Effect.gen(function* () {
 *   const { plan } = yield* Clone.clone(["0123456789abcdef0123456789abcdef"], { source: staging, dryRun: true })
 *   for (const step of plan.steps) console.log(step.action, step.type, step.title, step.reason ?? "")
 *   const result = yield* Clone.clone(["0123456789abcdef0123456789abcdef"], { source: staging })
 *   for (const failure of result.failed) console.error(failure.title, failure.error.message)
 * }).pipe(Effect.provide(Portal.layer({ url: "https://production.example.com/portal" })))
 */
export const clone = (
  items: CloneItems,
  options: CloneOptions,
): Effect.Effect<CloneResult, PortalError.PortalFailure, Transport.Transport | Portal.Portal> =>
  Effect.flatMap(captureContext, (target) => cloneOperation(target, items, options))
