/**
 * What a route of the route table is: one REST operation's path pattern, the methods it takes, and its handler
 * (`routes.ts` holds the tables; `handlers/` the handlers).
 */
import type { Context } from "./context.ts"
import { methodNotAllowed } from "./errors.ts"

/**
 * Answers one operation: the value to send as JSON, a `RawBody` or a `Redirect` (errors.ts), or a promise of one. It
 * throws a `Fault` for a portal error envelope. `match` holds the path's captures, percent-decoded once.
 */
export type Handler = (context: Context, match: RegExpExecArray) => unknown

/**
 * The methods an operation takes.
 * - `"read"`: GET or POST.
 * - `"write"`: POST only; a GET is refused (405) before the request is read.
 * - `"late-write"`: POST only, but the handler itself refuses a GET ({@link requirePost}) once the caller is known
 *   and, for most, once the thing the path names has been found: a GET naming a missing group, role or invitation
 *   gets that error first. These operations have always answered so; their handlers keep the order.
 */
export type RouteKind = "read" | "write" | "late-write"

export interface Route {
  /** The path after the API's prefix (`community/groups/<id>/join`), matched against the decoded path. */
  readonly pattern: RegExp
  readonly kind: RouteKind
  readonly handle: Handler
}

/** Refuses anything but POST with the portal's 405: for `late-write` operations, at the point their handler checks. */
export const requirePost = (context: Context): void => {
  if (context.method !== "POST") throw methodNotAllowed()
}
