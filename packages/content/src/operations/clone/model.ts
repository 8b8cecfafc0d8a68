/**
 * The public shapes of `Clone.clone` (Python `ContentManager.clone_items`): what to clone, the options (Python's
 * names in camelCase), the plan (one step per source item, dependencies first), the per-item outcomes, the progress
 * events, and the one domain error a step can fail with besides the portal's own (`CloneDependencyFailed`).
 * Re-exported from the `Clone` namespace (`Clone.CloneOptions`…).
 */
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import type * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Layer from "effect/Layer"
import type { ItemIdReference } from "../../ContentOptions.ts"
import type { JobFailed } from "../../Job.ts"

/**
 * What to clone from the source: item ids (or items), or every item a search query, a folder of one user, or a group
 * holds. Their dependencies (web maps' layers, apps' maps, related items) come along.
 */
export type CloneItems =
  | ReadonlyArray<ItemIdReference>
  | { readonly query: string }
  | { readonly folder: string; readonly owner?: string | undefined }
  | { readonly group: string }

/**
 * The source portal: the services its `Portal.layer` provides — built (`yield* Layer.build(layer)`, or a facade
 * connection's runtime context), or the layer itself (built for the clone and closed after it). Each portal's
 * requests go through its own Transport, so its credentials never reach the other portal.
 */
export type CloneSource =
  | Context.Context<Transport.Transport | Portal.Portal>
  | Layer.Layer<Transport.Transport | Portal.Portal, PortalError.InvalidInput>

/**
 * Options of `Clone.clone`. The target is the portal of the program (`Portal.layer` provided to it); `source` is
 * the portal the items come from.
 *
 * @see arcgis.gis.ContentManager.clone_items
 */
export interface CloneOptions {
  /** The portal the items are read from. */
  readonly source: CloneSource
  /** The target user's folder (by title) the clones go to; created when missing. Default: the root folder. */
  readonly folder?: string | undefined
  /** The target user who owns the clones. Default: the signed-in user of the target. */
  readonly owner?: string | undefined
  /** Copy the features of hosted feature layers and tables (Python `copy_data`). Default `true`. */
  readonly copyData?: boolean | undefined
  /**
   * Also reuse a target item of the same title and type owned by `owner` (items cloned before, by this SDK or the
   * Python API, are always found by their `source-<id>` type keyword). Default `false`.
   */
  readonly searchExistingItems?: boolean | undefined
  /** Source item id → target item id of items already in the target: not cloned, references rewritten to them. */
  readonly itemMapping?: Readonly<Record<string, string>> | undefined
  /** Source group id → target group id: the clones are shared with the mapped groups. */
  readonly groupMapping?: Readonly<Record<string, string>> | undefined
  /**
   * Create, in the target, the source groups the items are shared with that `groupMapping` does not map (a group of
   * the same title owned by the target user is reused). Default `false`: such groups are reported, not created.
   */
  readonly createGroups?: boolean | undefined
  /**
   * Give each clone its source item's id (`itemIdToCreate`; ArcGIS Enterprise 10.8.1+, not ArcGIS Online). Not for
   * hosted feature services, which `createService` creates with a new id.
   */
  readonly preserveItemId?: boolean | undefined
  /** Follow forward relationships (`Map2Service`, `Service2Data`, `WMA2Code`…) as dependencies. Default `true`. */
  readonly relatedItems?: boolean | undefined
  /** Only plan: read both portals, write nothing, and return the plan. Default `false`. */
  readonly dryRun?: boolean | undefined
  /** Items cloned at once (among those whose dependencies are done). Default 4. */
  readonly concurrency?: number | undefined
  /** Features per `query`/`addFeatures` page. Default 1000. */
  readonly featurePageSize?: number | undefined
  /** Files larger than this many bytes go up in parts. Default 10 MiB. */
  readonly multipartThreshold?: number | undefined
  /** Called as the clone advances (see {@link CloneProgress}). */
  readonly onProgress?: ((event: CloneProgress) => void) | undefined
}

/** How a step copies its item. */
export type CloneKind =
  /** JSON or text data, rewritten (web maps, apps, dashboards…). */
  | "text"
  /** A file, copied byte for byte. */
  | "file"
  /** A URL item (a service on another server, a web link), its URL rewritten when it points at a cloned service. */
  | "url"
  /** A hosted feature service, recreated in the target (definition, layers, features). */
  | "featureService"
  /** An item without data. */
  | "properties"

/**
 * What a step will do: `create` a clone, `update` (finish) a clone an earlier run left unfinished, `skip` an item
 * already in the target (`targetId`), or `refuse` it (`reason`).
 */
export type CloneAction = "create" | "update" | "skip" | "refuse"

/** One item of the plan. */
export interface CloneStep {
  readonly sourceId: string
  readonly title: string
  readonly type: string
  readonly action: CloneAction
  readonly kind: CloneKind
  /** The clone in the target (skip, update; create with `preserveItemId`). */
  readonly targetId?: string | undefined
  /** Why the item is skipped or refused. */
  readonly reason?: string | undefined
  /** Source ids of the items this one references (cloned before it). */
  readonly dependsOn: ReadonlyArray<string>
  /** Whether it was asked for, or comes along as a dependency. */
  readonly requestedBy: "input" | "dependency"
  /** Hosted feature services: the service name in the target. */
  readonly serviceName?: string | undefined
  /** The source groups whose target groups the clone is shared with (see {@link ClonePlan.groups}). */
  readonly shareWith: ReadonlyArray<string>
  /** What the step noticed: unreadable references, groups without a mapping, a reference cycle… */
  readonly notes: ReadonlyArray<string>
}

/** What happens to one source group the items are shared with. */
export interface CloneGroupStep {
  readonly sourceId: string
  readonly title: string
  /** `mapped` by `groupMapping`, `reuse` a target group of that title, `create` it, or `unmapped` (not shared). */
  readonly action: "mapped" | "reuse" | "create" | "unmapped"
  readonly targetId?: string | undefined
}

/** The plan: every item in the order it is cloned (dependencies first), and the groups. */
export interface ClonePlan {
  readonly steps: ReadonlyArray<CloneStep>
  readonly groups: ReadonlyArray<CloneGroupStep>
  /** The target owner and folder. */
  readonly owner: string
  readonly folder: string | undefined
}

/** A step failed because an item it depends on failed: nothing was written for it. */
export class CloneDependencyFailed extends Data.TaggedError("CloneDependencyFailed")<{
  readonly operation: string
  readonly sourceId: string
  /** The dependencies that failed. */
  readonly dependencies: ReadonlyArray<string>
  readonly message: string
}> {
  /** Running the clone again retries the dependency, and this item after it. */
  get retryable(): boolean {
    return true
  }
}

/** Why a step failed: the portal's typed error, a failed job, or a failed dependency. */
export type CloneStepError = PortalError.PortalFailure | JobFailed | CloneDependencyFailed

/** What happened to one step. */
export type CloneOutcome =
  | {
      readonly status: "created" | "updated" | "skipped"
      readonly sourceId: string
      readonly targetId: string
      readonly title: string
      readonly type: string
      readonly notes: ReadonlyArray<string>
    }
  | { readonly status: "refused"; readonly sourceId: string; readonly title: string; readonly reason: string }
  | {
      readonly status: "failed"
      readonly sourceId: string
      readonly title: string
      /** The clone, when the failure came after it was created: the next run finishes it. */
      readonly targetId: string | undefined
      readonly error: CloneStepError
    }

/** The result of `Clone.clone`: the plan, and (unless `dryRun`) what happened to each item. */
export interface CloneResult {
  readonly dryRun: boolean
  readonly plan: ClonePlan
  /** One per step, in plan order (empty for a dry run). */
  readonly outcomes: ReadonlyArray<CloneOutcome>
  readonly created: ReadonlyArray<Extract<CloneOutcome, { readonly status: "created" | "updated" | "skipped" }>>
  readonly updated: ReadonlyArray<Extract<CloneOutcome, { readonly status: "created" | "updated" | "skipped" }>>
  readonly skipped: ReadonlyArray<Extract<CloneOutcome, { readonly status: "created" | "updated" | "skipped" }>>
  readonly refused: ReadonlyArray<Extract<CloneOutcome, { readonly status: "refused" }>>
  readonly failed: ReadonlyArray<Extract<CloneOutcome, { readonly status: "failed" }>>
  /** Source item id → target item id, for every item cloned, finished or found (and `itemMapping`). */
  readonly itemMapping: Readonly<Record<string, string>>
  /** Source group id → target group id (`groupMapping`, and the groups created or reused). */
  readonly groupMapping: Readonly<Record<string, string>>
}

/** A progress event of `Clone.clone`. */
export type CloneProgress =
  | { readonly stage: "planned"; readonly steps: number }
  | {
      readonly stage: "step"
      readonly sourceId: string
      readonly status: "started" | CloneOutcome["status"]
      /** Steps finished so far (any status) and in all. */
      readonly done: number
      readonly total: number
      readonly targetId?: string | undefined
    }
  | { readonly stage: "bytes"; readonly sourceId: string; readonly bytes: number; readonly total: number | undefined }
  | {
      readonly stage: "features"
      readonly sourceId: string
      readonly layer: number
      readonly copied: number
      readonly total: number | undefined
    }
