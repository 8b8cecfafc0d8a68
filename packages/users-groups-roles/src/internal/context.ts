/**
 * What the Users, Groups and Roles services share: core's service context (calling endpoints with the captured
 * Transport, the cached `portals/self`), thumbnails, and turning "does not exist or is inaccessible" into
 * `undefined` like the Python module.
 */
import {
  ServiceContext as CoreServiceContext,
  type Portal,
  PortalError,
  type PortalSelf,
  type Transport,
} from "@arcgis-portal/core"
import type * as Effect from "effect/Effect"

/** Core's service context: `transport`, `portal`, `call`, `bytes` and `self` (`portals/self`, read once per layer). */
export type ServiceContext = CoreServiceContext.ServiceContext

/** The context a service of this package captures when its layer is built (`ServiceContext.capture` of core). */
export const captureContext: Effect.Effect<ServiceContext, never, Transport.Transport | Portal.Portal> =
  CoreServiceContext.capture

/** A context over given services (`ServiceContext.make` of core), as `Users.make` builds it. */
export const makeContext: (
  transport: Transport.TransportShape,
  portal: Portal.PortalShape,
  portalSelf: PortalSelf.PortalSelfShape,
) => ServiceContext = CoreServiceContext.make

/** Turns the portal's "does not exist or is inaccessible" into `undefined` (Python returns `None`). */
export const orUndefined = PortalError.orUndefined

/** A file to upload: a Blob (a File keeps its name) or an explicit part. */
export type FileInput = Blob | { readonly content: Blob; readonly fileName: string }

export const filePart = (file: FileInput, fallbackName: string): { content: Blob; fileName: string } =>
  file instanceof Blob
    ? { content: file, fileName: "name" in file && typeof file.name === "string" ? file.name : fallbackName }
    : { content: file.content, fileName: file.fileName }
