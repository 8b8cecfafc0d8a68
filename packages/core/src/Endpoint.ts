/**
 * One wire operation as data: its REST name and documentation, method, whether it is safe to
 * retry, how an input becomes a request, and the schema of its answer. Feature packages keep one
 * endpoint per file (`endpoints/items/addItem.ts`) and map their Python-named service methods
 * onto them with {@link call}.
 */
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { PortalFailure } from "./PortalError.ts"
import type { PortalRequest } from "./PortalRequest.ts"
import { Transport } from "./Transport.ts"

/** What an input contributes to a request: everything but the fixed parts of the endpoint. */
export type RequestParts = Omit<PortalRequest, "operation" | "method" | "idempotent">

export interface Endpoint<Input, S extends Schema.Top> {
  /** The REST operation's name (`addItem`). */
  readonly rest: string
  /** The REST documentation page. */
  readonly docs: string
  readonly method: "GET" | "POST"
  /** Safe to send twice: reads, and writes whose repetition changes nothing (`addPart`). */
  readonly idempotent: boolean
  readonly request: (input: Input) => RequestParts
  readonly response: S
}

/** Declares an endpoint (an identity function that fixes the types). */
export const make = <Input, S extends Schema.Top>(endpoint: Endpoint<Input, S>): Endpoint<Input, S> => endpoint

/**
 * Sends `input` to `endpoint` as `operation` (`"Items.update"`, the span and error name) and
 * decodes the answer.
 */
export const call = <Input, S extends Schema.Top>(
  endpoint: Endpoint<Input, S>,
  operation: string,
  input: Input,
): Effect.Effect<S["Type"], PortalFailure, Transport | S["DecodingServices"]> =>
  Effect.flatMap(Transport, (transport) =>
    transport.decode(
      { ...endpoint.request(input), operation, method: endpoint.method, idempotent: endpoint.idempotent },
      endpoint.response,
    ),
  )
