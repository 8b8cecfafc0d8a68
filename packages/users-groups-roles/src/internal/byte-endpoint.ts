/** A wire operation whose answer is bytes, not JSON (thumbnails). */
import type { Endpoint } from "@arcgis-portal/core"

export interface ByteEndpoint<Input> {
  readonly rest: string
  readonly docs: string
  readonly method: "GET" | "POST"
  readonly request: (input: Input) => Endpoint.RequestParts
}

/** Declares a byte endpoint (an identity function that fixes the types). */
export const make = <Input>(endpoint: ByteEndpoint<Input>): ByteEndpoint<Input> => endpoint
