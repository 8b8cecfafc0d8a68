/**
 * A request to the portal, described as data: which operation, which URL, which parameters and
 * files, whether it is safe to send twice, and what the answer is (JSON or bytes). The Transport
 * turns it into HTTP.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 * @module
 */
import * as Redacted from "effect/Redacted"

/** A value a parameter may take. Encoded like Esri's clients do (see {@link encodeValue}). */
export type ParamValue =
  | string
  | number
  | boolean
  | Date
  | Redacted.Redacted<string>
  | null
  | undefined
  | ReadonlyArray<unknown>
  | { readonly [key: string]: unknown }

/** The parameters of a request. `undefined` and `null` values are not sent. */
export type Params = { readonly [name: string]: ParamValue }

/** A file sent as one part of a multipart body. */
export interface FilePart {
  readonly content: Blob
  readonly fileName: string
}

/** Which credentials a request carries. */
export type Credentials =
  /** The portal token of the active auth strategy, when it has one. */
  | "portal"
  /** Nothing: for token requests and public resources. */
  | "none"
  /** A token for a federated ArcGIS Server, exchanged from the portal token. */
  | { readonly server: string }

/** A request to the portal. */
export interface PortalRequest {
  /** `<Service>.<method>` — names the span and every error. */
  readonly operation: string
  readonly method: "GET" | "POST"
  /** A path relative to the REST root (`content/items/<id>`), or an absolute URL. */
  readonly path: string
  readonly params?: Params | undefined
  /** Parameters that must travel in the query string even on a POST (e.g. `partNum`). */
  readonly query?: Readonly<Record<string, string | number>> | undefined
  /** Files: when present the body is multipart. */
  readonly files?: Readonly<Record<string, FilePart>> | undefined
  /** Force a multipart body even without files (some endpoints reject url-encoded bodies). */
  readonly multipart?: boolean | undefined
  /**
   * Whether sending the request twice has the same effect as sending it once. Defaults to `true`
   * for GET and `false` for POST. Decides what may be retried after a timeout or a dropped
   * connection.
   */
  readonly idempotent?: boolean | undefined
  /** Defaults to `"portal"`. */
  readonly credentials?: Credentials | undefined
  /** Per-request timeout in milliseconds (overrides the portal's). */
  readonly timeout?: number | undefined
  /**
   * Called as the request's body is sent, chunk by chunk (`total`: the body's size). Node streams a file-backed body
   * in small chunks; an in-memory part is handed over whole (one event). Browsers cannot stream a request body: no
   * events there (`Upload.uploadParts` still reports each completed part).
   */
  readonly onUploadProgress?: ((progress: ByteProgress) => void) | undefined
  /** Called as the answer's body arrives, chunk by chunk (`total`: its `Content-Length`, when sent). */
  readonly onDownloadProgress?: ((progress: ByteProgress) => void) | undefined
  /**
   * A byte read from this offset on (`Range: bytes=<offset>-`), to resume a download. The answer's `offset` says
   * where its body starts: the offset asked for when the server served the range (206), 0 when it sent the whole.
   */
  readonly offset?: number | undefined
}

/** Bytes of a body transferred so far. */
export interface ByteProgress {
  readonly bytes: number
  /** The body's size, when known. */
  readonly total: number | undefined
}

/**
 * Encodes one parameter value as the portal expects it: arrays of scalars comma-joined, objects
 * and arrays of objects as JSON, booleans as `true`/`false`, dates as epoch milliseconds.
 * Returns `undefined` for values that are not sent at all.
 */
export const encodeValue = (value: ParamValue): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value === "string") return value
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === "boolean") return value ? "true" : "false"
  if (value instanceof Date) return String(value.getTime())
  if (Redacted.isRedacted(value)) return String(Redacted.value(value))
  if (Array.isArray(value)) {
    const scalars = value.every((entry) => entry === null || ["string", "number", "boolean"].includes(typeof entry))
    return scalars ? value.map((entry) => (entry === null ? "" : String(entry))).join(",") : JSON.stringify(value)
  }
  return JSON.stringify(value)
}

/** Encodes every parameter, dropping the unset ones. Secrets (`Redacted`) are revealed here, at the last moment. */
export const encodeParams = (params: Params | undefined): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  if (params === undefined) return out
  for (const [name, value] of Object.entries(params)) {
    const encoded = encodeValue(value)
    if (encoded !== undefined) out.push([name, encoded])
  }
  return out
}

/** `true` when a parameter holds a secret: such a request only ever travels as a POST body. */
export const hasSecret = (params: Params | undefined): boolean =>
  params !== undefined && Object.values(params).some((value) => Redacted.isRedacted(value))
