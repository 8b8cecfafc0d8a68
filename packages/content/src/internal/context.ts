/**
 * What the Content and Items operations share: core's service context (calls through the captured Transport, the
 * shared `portals/self`) plus the content helpers — the signed-in user, folder-name resolution, reading items, and
 * job handles.
 */
import { type Portal, PortalError, ServiceContext, type Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { getItem } from "../endpoints/items/getItem.ts"
import { status } from "../endpoints/users/status.ts"
import { userContent } from "../endpoints/users/userContent.ts"
import type { Folder, Item } from "../ItemSchema.ts"
import * as Job from "../Job.ts"
import { checkItemId } from "./validate.ts"

/** Core's service context and what the content operations add to it. */
export interface ContentContext extends ServiceContext.ServiceContext {
  /** The signed-in user's name (fails with InvalidInput when anonymous). */
  readonly me: (operation: string) => Effect.Effect<string, PortalError.PortalFailure>
  readonly folders: (
    operation: string,
    owner: string,
  ) => Effect.Effect<ReadonlyArray<Folder>, PortalError.PortalFailure>
  /** A folder name (or id) to its id; `/`, `""` and `undefined` are the root (`undefined`). */
  readonly folderId: (
    operation: string,
    owner: string,
    folder: string | { readonly id: string } | undefined,
  ) => Effect.Effect<string | undefined, PortalError.PortalFailure>
  readonly item: (operation: string, id: string) => Effect.Effect<Item, PortalError.PortalFailure>
  readonly job: (spec: {
    readonly operation: string
    readonly itemId: string
    readonly jobId: string | undefined
    readonly jobType: Job.JobType
    readonly owner: string
  }) => Job.Job
}

/** Adds the content helpers to a service context. */
export const makeContext = (base: ServiceContext.ServiceContext): ContentContext => {
  const { call } = base

  const me: ContentContext["me"] = (operation) =>
    Effect.flatMap(base.self(operation), (value) =>
      value.user?.username
        ? Effect.succeed(value.user.username)
        : Effect.fail(
            new PortalError.InvalidInput({
              operation,
              field: "owner",
              message: "No user is signed in: pass an owner or sign in.",
            }),
          ),
    )

  const folders: ContentContext["folders"] = (operation, owner) =>
    Effect.map(call(userContent, operation, { owner, num: 1 }), (content) => content.folders ?? [])

  const folderId: ContentContext["folderId"] = (operation, owner, folder) => {
    if (folder === undefined) return Effect.succeed(undefined)
    if (typeof folder !== "string") return Effect.succeed(folder.id)
    const name = folder.trim()
    if (name === "" || name === "/") return Effect.succeed(undefined)
    return Effect.flatMap(folders(operation, owner), (list) => {
      const found =
        list.find((entry) => entry.title.toLowerCase() === name.toLowerCase()) ??
        list.find((entry) => entry.id === name)
      return found
        ? Effect.succeed(found.id)
        : Effect.fail(
            new PortalError.InvalidInput({
              operation,
              field: "folder",
              message: `The user ${owner} has no folder named ${JSON.stringify(name)}.`,
            }),
          )
    })
  }

  const item: ContentContext["item"] = (operation, id) =>
    Effect.flatMap(checkItemId(operation, id), () => call(getItem, operation, { id }))

  const job: ContentContext["job"] = (spec) =>
    Job.make({
      ...spec,
      status: call(status, `${spec.operation}.status`, {
        item: { id: spec.itemId, owner: spec.owner },
        jobId: spec.jobId,
        jobType: spec.jobType === "upload" ? undefined : spec.jobType,
      }),
      item: item(`${spec.operation}.item`, spec.itemId),
    })

  return { ...base, me, folders, folderId, item, job }
}

/** The content context of the services a content layer requires (what `Content.make` and `Items.make` capture). */
export const captureContext: Effect.Effect<ContentContext, never, Transport.Transport | Portal.Portal> = Effect.map(
  ServiceContext.capture,
  makeContext,
)
