/**
 * One wire operation as data: its REST name and documentation, method, whether it is safe to
 * retry, how an input becomes a request, and the schema of its answer. Feature packages keep one
 * endpoint per file (`endpoints/items/addItem.ts`) and map their Python-named service methods
 * onto them with {@link call}.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { PortalFailure } from "./PortalError.ts"
import type { PortalRequest } from "./PortalRequest.ts"
import { type ByteResponse, Transport, type TransportShape } from "./Transport.ts"

/** What an input contributes to a request: everything but the fixed parts of the endpoint. */
export type RequestParts = Omit<PortalRequest, "operation" | "method" | "idempotent">

/**
 * A wire operation whose answer is JSON decoded by `response`; declared with {@link make}, sent with {@link call}
 * or {@link send}. `Input` is what the service method passes; `request` turns it into the request's path and
 * parameters.
 */
export interface Endpoint<Input, S extends Schema.Top> {
  /** The REST operation's name (`addItem`). */
  readonly rest: string
  /** The REST documentation page. */
  readonly docs: string
  readonly method: "GET" | "POST"
  /** Safe to send twice: reads, and writes whose repetition changes nothing (`addPart`). */
  readonly idempotent: boolean
  /** Builds the path, parameters and body of the request from the input. */
  readonly request: (input: Input) => RequestParts
  /** The schema the answer is decoded with; an answer that does not match fails with `DecodeError`. */
  readonly response: S
}

/**
 * What a caller adds to one call of an endpoint, outside its input: byte-progress callbacks (a part's upload, a
 * file's download).
 */
export type SendOptions = Pick<PortalRequest, "onUploadProgress" | "onDownloadProgress">

/** What a byte read takes besides its input: the progress callbacks, and the offset a resumed download starts at. */
export type BytesOptions = SendOptions & Pick<PortalRequest, "offset">

// Only the callbacks: whatever else a JavaScript caller's object holds never reaches the request.
const callbacks = (options: SendOptions | undefined): SendOptions =>
  options === undefined
    ? {}
    : { onUploadProgress: options.onUploadProgress, onDownloadProgress: options.onDownloadProgress }

/** A response schema that decodes without services (every schema of the SDK). */
export type Decodable = Schema.Top & { readonly DecodingServices: never }

/** Declares an endpoint (an identity function that fixes the types). */
export const make = <Input, S extends Schema.Top>(endpoint: Endpoint<Input, S>): Endpoint<Input, S> => endpoint

/**
 * Sends `input` to `endpoint` through a given Transport (what a service captured when its layer was
 * built) and decodes the answer. Services use this; {@link call} finds the Transport in the context.
 * `options` can report the bytes of the request's body as they are sent (and of the answer as it arrives).
 *
 * @example
 * // In a service: one multipart part, its bytes reported as they are sent.
 * // Endpoint.send(transport, addPart, "Content.add.addPart", input, { onUploadProgress: ({ bytes }) => report(bytes) })
 */
export const send = <Input, S extends Schema.Top>(
  transport: TransportShape,
  endpoint: Endpoint<Input, S>,
  operation: string,
  input: Input,
  options?: SendOptions,
): Effect.Effect<S["Type"], PortalFailure, S["DecodingServices"]> =>
  transport.decode(
    {
      ...endpoint.request(input),
      ...callbacks(options),
      operation,
      method: endpoint.method,
      idempotent: endpoint.idempotent,
    },
    endpoint.response,
  )

/** A wire operation whose answer is bytes, not JSON (item data, info files, thumbnails, resources). */
export interface ByteEndpoint<Input> {
  readonly rest: string
  readonly docs: string
  readonly method: "GET" | "POST"
  /** Builds the path, parameters and body of the request from the input. */
  readonly request: (input: Input) => RequestParts
}

/** Declares a byte endpoint (an identity function that fixes the types). */
export const makeBytes = <Input>(endpoint: ByteEndpoint<Input>): ByteEndpoint<Input> => endpoint

/**
 * Sends `input` to a byte endpoint; the body comes back as a stream, never buffered whole. `options`'
 * `onDownloadProgress` is called as the stream is read, chunk by chunk.
 */
export const sendBytes = <Input>(
  transport: TransportShape,
  endpoint: ByteEndpoint<Input>,
  operation: string,
  input: Input,
  options?: BytesOptions,
): Effect.Effect<ByteResponse, PortalFailure> =>
  transport.bytes({
    ...endpoint.request(input),
    ...callbacks(options),
    ...(options?.offset === undefined ? {} : { offset: options.offset }),
    operation,
    method: endpoint.method,
  })

/**
 * Sends `input` to `endpoint` as `operation` (`"Items.update"`, the span and error name) and
 * decodes the answer.
 */
export const call = <Input, S extends Schema.Top>(
  endpoint: Endpoint<Input, S>,
  operation: string,
  input: Input,
  options?: SendOptions,
): Effect.Effect<S["Type"], PortalFailure, Transport | S["DecodingServices"]> =>
  Effect.flatMap(Transport, (transport) => send(transport, endpoint, operation, input, options))
