/**
 * How `@arcgis-portal/users-groups-roles/operations` turns an operation of src/operations/ (a function of the service
 * context) into a module-level function: the context is captured from the services `Portal.layer` provides at each
 * call, so a program bundles only the operations it imports — no service object holding every operation. The same
 * idea as content's `internal/standalone.ts`, over core's `ServiceContext` (this package adds nothing to it).
 */
import type { Portal, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { captureContext, type ServiceContext } from "./context.ts"

/** What every standalone operation requires: the services `Portal.layer({ url, auth })` provides. */
export type Requirements = Transport.Transport | Portal.Portal

/**
 * A method of the `Users`, `Groups` or `Roles` service as a standalone function: the same arguments, answer and
 * errors, requiring the services `Portal.layer({ url, auth })` provides.
 */
export type Standalone<Method> = Method extends (...args: infer Args) => Effect.Effect<infer A, infer E, never>
  ? (...args: Args) => Effect.Effect<A, E, Requirements>
  : Method extends (...args: infer Args) => Stream.Stream<infer A, infer E, never>
    ? (...args: Args) => Stream.Stream<A, E, Requirements>
    : never

/** An effectful operation, over the context captured at each call. */
export const lift =
  <Args extends ReadonlyArray<unknown>, A, E>(
    operation: (context: ServiceContext) => (...args: Args) => Effect.Effect<A, E>,
  ): ((...args: Args) => Effect.Effect<A, E, Requirements>) =>
  (...args) =>
    Effect.flatMap(captureContext, (context) => operation(context)(...args))

/** A streaming operation, over the context captured when the stream starts. */
export const liftStream =
  <Args extends ReadonlyArray<unknown>, A, E>(
    operation: (context: ServiceContext) => (...args: Args) => Stream.Stream<A, E>,
  ): ((...args: Args) => Stream.Stream<A, E, Requirements>) =>
  (...args) =>
    Stream.unwrap(Effect.map(captureContext, (context) => operation(context)(...args)))
