/**
 * What the Content and Items services share: calling endpoints with the captured Transport, the
 * cached `portals/self`, folder-name resolution, reading items, and job handles.
 */
import {
  CommonSchema,
  Endpoint,
  type Portal,
  PortalError,
  type PortalSelf as Self,
  type Transport,
} from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { getItem } from "../endpoints/items/getItem.ts"
import { status } from "../endpoints/users/status.ts"
import { userContent } from "../endpoints/users/userContent.ts"
import type { Folder, Item, PortalSelf } from "../ItemSchema.ts"
import * as Job from "../Job.ts"

export interface ServiceContext {
  readonly transport: Transport.TransportShape
  readonly portal: Portal.PortalShape
  readonly call: <Input, S extends Endpoint.Decodable>(
    endpoint: Endpoint.Endpoint<Input, S>,
    operation: string,
    input: Input,
    options?: Endpoint.SendOptions,
  ) => Effect.Effect<S["Type"], PortalError.PortalFailure>
  readonly bytes: <Input>(
    endpoint: Endpoint.ByteEndpoint<Input>,
    operation: string,
    input: Input,
    options?: Endpoint.SendOptions,
  ) => Effect.Effect<Transport.ByteResponse, PortalError.PortalFailure>
  readonly self: (operation: string) => Effect.Effect<PortalSelf, PortalError.PortalFailure>
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

/** Refuses a malformed item id before it reaches a URL path. */
export const checkItemId = (operation: string, id: string): Effect.Effect<string, PortalError.InvalidInput> =>
  typeof id === "string" && CommonSchema.isItemId(id)
    ? Effect.succeed(id)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "id",
          message: "An item id is 32 lowercase hexadecimal characters.",
        }),
      )

export const makeContext = (
  transport: Transport.TransportShape,
  portal: Portal.PortalShape,
  portalSelf: Self.PortalSelfShape,
): ServiceContext => {
  const call: ServiceContext["call"] = (endpoint, operation, input, options) =>
    Endpoint.send(transport, endpoint, operation, input, options)
  const bytes: ServiceContext["bytes"] = (endpoint, operation, input, options) =>
    Endpoint.sendBytes(transport, endpoint, operation, input, options)

  const self: ServiceContext["self"] = portalSelf.get

  const me: ServiceContext["me"] = (operation) =>
    Effect.flatMap(self(operation), (value) =>
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

  const folders: ServiceContext["folders"] = (operation, owner) =>
    Effect.map(call(userContent, operation, { owner, num: 1 }), (content) => content.folders ?? [])

  const folderId: ServiceContext["folderId"] = (operation, owner, folder) => {
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

  const item: ServiceContext["item"] = (operation, id) =>
    Effect.flatMap(checkItemId(operation, id), () => call(getItem, operation, { id }))

  const job: ServiceContext["job"] = (spec) =>
    Job.make({
      ...spec,
      status: call(status, `${spec.operation}.status`, {
        item: { id: spec.itemId, owner: spec.owner },
        jobId: spec.jobId,
        jobType: spec.jobType === "upload" ? undefined : spec.jobType,
      }),
      item: item(`${spec.operation}.item`, spec.itemId),
    })

  return { transport, portal, call, bytes, self, me, folders, folderId, item, job }
}
