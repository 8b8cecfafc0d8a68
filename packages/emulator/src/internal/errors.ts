/**
 * The portal's error envelopes: `Fault`, what handlers throw for a portal-style failure, how it is rendered
 * (`{"error":{"code","messageCode","message","details"}}`), the failures every API shares (498, 499, 403, 400, 404,
 * 405), and the answers that are not JSON (`RawBody`, `Redirect`). Fault *injection* is `fault-injection.ts`.
 */

/** A portal-style failure, thrown by a handler and rendered as the error envelope. */
export class Fault extends Error {
  /** OAuth-style `error` code carried inside the envelope (`invalid_grant`…), when there is one. */
  oauthError: string | undefined

  /** Adds the OAuth fields (`error`, `error_description`) the token endpoint puts in its envelope. */
  withOAuth(error: string): this {
    this.oauthError = error
    return this
  }

  constructor(
    readonly code: number,
    message: string,
    readonly messageCode?: string,
    readonly details: ReadonlyArray<string> = [],
    readonly httpStatus = 200,
  ) {
    super(message)
  }
}

/** The portal's error envelope for a failure. */
export const envelope = (fault: Fault) => ({
  error: {
    code: fault.code,
    ...(fault.oauthError ? { error: fault.oauthError, error_description: fault.message } : {}),
    ...(fault.messageCode ? { messageCode: fault.messageCode } : {}),
    message: fault.message,
    details: fault.details,
  },
})

/** An expired, revoked or unknown token, or one used against its binding. */
export const invalidToken = () => new Fault(498, "Invalid token.", undefined, [])
/** An anonymous caller where a signed-in one is needed. */
export const tokenRequired = () => new Fault(499, "Token Required", "GWM_0003", [])
/** A caller without the right to do this. */
export const forbidden = () =>
  new Fault(403, "You do not have permissions to access this resource or perform this operation.", "GWM_0003")
/** Bad input. */
export const badRequest = (message: string, details: ReadonlyArray<string> = [], messageCode?: string) =>
  new Fault(400, message, messageCode, details)
export const userNotFound = () => new Fault(400, "User does not exist or is inaccessible.", "COM_0002")
/** A path no route answers (HTTP 404). */
export const notFoundPath = () => new Fault(404, "The requested URL was not found.", undefined, [], 404)
/** A GET to a POST-only operation (HTTP 405). */
export const methodNotAllowed = () =>
  new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)

/** A non-JSON answer: item data, thumbnails, metadata files. */
export class RawBody {
  constructor(
    readonly body: ReadableStream<Uint8Array> | Uint8Array | string,
    readonly contentType: string,
    readonly fileName?: string,
    readonly size?: number,
    /**
     * Opens the bytes from `start` to `end` (inclusive) of the same file: a body that can answer a `Range` request
     * (206). The pipeline then cancels `body` unread.
     */
    readonly openRange?: (start: number, end: number) => ReadableStream<Uint8Array> | undefined,
  ) {}
}

/** A file the path names (a thumbnail, an item's info file, a resource) that is not there (HTTP 404). */
export const fileNotFound = () => new Fault(404, "Resource does not exist or is inaccessible.", undefined, [], 404)

export const itemNotFound = () => new Fault(400, "Item does not exist or is inaccessible.", "CONT_0001")
export const groupNotFound = () => new Fault(400, "Group does not exist or is inaccessible.", "COM_0003")

/** A redirect (OAuth authorize sends the browser back to the app). */
export class Redirect {
  constructor(readonly location: string) {}
}
