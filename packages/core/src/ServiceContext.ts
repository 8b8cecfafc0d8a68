/**
 * What a feature service captures when its layer is built — the `Transport`, the `Portal` and the shared
 * `portals/self` — and how its operations use them: send an endpoint, stream a byte endpoint, read `portals/self`.
 * Every feature package (content, users, groups and roles…) builds its services on one, so each service method is
 * an `Effect` with no requirement left, and a package adds only its own helpers (folders, jobs) on top.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { PortalSelf as PortalSelfSchema } from "./CommonSchema.ts"
import * as Endpoint from "./Endpoint.ts"
import { Portal, type PortalShape } from "./Portal.ts"
import type { PortalFailure } from "./PortalError.ts"
import * as PortalSelf from "./PortalSelf.ts"
import { type ByteResponse, Transport, type TransportShape } from "./Transport.ts"

/**
 * The services a feature service captured, and the calls its operations make through them.
 *
 * @example
 * import { ServiceContext } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * // In a service's `make`: capture once, then every operation calls through the context.
 * const orgId = Effect.flatMap(ServiceContext.capture, (context) =>
 *   Effect.map(context.self("Example.orgId"), (self) => self.id),
 * )
 */
export interface ServiceContext {
  /** The Transport the service was built with. */
  readonly transport: TransportShape
  /** Where the portal is, and its retry policy and timeouts. */
  readonly portal: PortalShape
  /**
   * Sends `input` to `endpoint` as `operation` (`"Items.update"`: the span and error name) and decodes the
   * answer; `options` reports the body's bytes as they are sent or received.
   */
  readonly call: <Input, S extends Endpoint.Decodable>(
    endpoint: Endpoint.Endpoint<Input, S>,
    operation: string,
    input: Input,
    options?: Endpoint.SendOptions,
  ) => Effect.Effect<S["Type"], PortalFailure>
  /** Sends `input` to a byte endpoint; the body comes back as a stream, never buffered whole. */
  readonly bytes: <Input>(
    endpoint: Endpoint.ByteEndpoint<Input>,
    operation: string,
    input: Input,
    options?: Endpoint.BytesOptions,
  ) => Effect.Effect<ByteResponse, PortalFailure>
  /** `portals/self`, read once and shared by every service of the same `Portal.layer`. */
  readonly self: (operation: string) => Effect.Effect<PortalSelfSchema, PortalFailure>
}

/**
 * A context over given services: `call` and `bytes` send through `transport`, `self` reads through `portalSelf`.
 *
 * @example
 * import { Portal, PortalSelf, ServiceContext, Transport } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const context = Effect.gen(function* () {
 *   const transport = yield* Transport.Transport
 *   return ServiceContext.make(transport, yield* Portal.Portal, yield* PortalSelf.shared(transport))
 * })
 */
export const make = (
  transport: TransportShape,
  portal: PortalShape,
  portalSelf: PortalSelf.PortalSelfShape,
): ServiceContext => ({
  transport,
  portal,
  call: (endpoint, operation, input, options) => Endpoint.send(transport, endpoint, operation, input, options),
  bytes: (endpoint, operation, input, options) => Endpoint.sendBytes(transport, endpoint, operation, input, options),
  self: portalSelf.get,
})

/**
 * The context of the services a feature layer requires (`Portal.layer({ url, auth })` provides them), with the
 * `PortalSelf` of that layer — or a new one over its Transport when the layer was assembled without it.
 *
 * @example
 * import { ServiceContext } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const portalUrl = Effect.map(ServiceContext.capture, (context) => context.portal.portalUrl)
 */
export const capture: Effect.Effect<ServiceContext, never, Transport | Portal> = Effect.gen(function* () {
  const transport = yield* Transport
  return make(transport, yield* Portal, yield* PortalSelf.shared(transport))
})
