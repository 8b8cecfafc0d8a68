/**
 * What the Users, Groups and Roles services share: calling endpoints with the captured Transport,
 * the cached `portals/self` (org id, Enterprise or Online, signed-in user), thumbnails, and turning
 * "does not exist or is inaccessible" into `undefined` like the Python module.
 */
import { Endpoint, type Portal, PortalError, type PortalSelf as Self, type Transport } from "@arcgis-portal/core"
import type * as Effect from "effect/Effect"
import type { PortalSelf } from "../UserSchema.ts"

export interface ServiceContext {
  readonly transport: Transport.TransportShape
  readonly portal: Portal.PortalShape
  readonly call: <Input, S extends Endpoint.Decodable>(
    endpoint: Endpoint.Endpoint<Input, S>,
    operation: string,
    input: Input,
  ) => Effect.Effect<S["Type"], PortalError.PortalFailure>
  readonly bytes: <Input>(
    endpoint: Endpoint.ByteEndpoint<Input>,
    operation: string,
    input: Input,
  ) => Effect.Effect<Transport.ByteResponse, PortalError.PortalFailure>
  /** `portals/self`, read once per layer. */
  readonly self: (operation: string) => Effect.Effect<PortalSelf, PortalError.PortalFailure>
}

export const makeContext = (
  transport: Transport.TransportShape,
  portal: Portal.PortalShape,
  portalSelf: Self.PortalSelfShape,
): ServiceContext => {
  const call: ServiceContext["call"] = (endpoint, operation, input) =>
    Endpoint.send(transport, endpoint, operation, input)
  const bytes: ServiceContext["bytes"] = (endpoint, operation, input) =>
    Endpoint.sendBytes(transport, endpoint, operation, input)

  const self: ServiceContext["self"] = portalSelf.get

  return { transport, portal, call, bytes, self }
}

/** Turns the portal's "does not exist or is inaccessible" into `undefined` (Python returns `None`). */
export const orUndefined = PortalError.orUndefined

/** A file to upload: a Blob (a File keeps its name) or an explicit part. */
export type FileInput = Blob | { readonly content: Blob; readonly fileName: string }

export const filePart = (file: FileInput, fallbackName: string): { content: Blob; fileName: string } =>
  file instanceof Blob
    ? { content: file, fileName: "name" in file && typeof file.name === "string" ? file.name : fallbackName }
    : { content: file.content, fileName: file.fileName }
