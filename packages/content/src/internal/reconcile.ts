/**
 * What to do after an **ambiguous** failure of a write: the request reached the portal (a timeout, a
 * connection dropped after it was sent, a 5xx from a gateway) and the portal may or may not have applied it.
 * Core never sends such a write again on its own; the operations below know how to find out, or know that
 * sending it again is harmless, and do it explicitly here so that they can read a repeated answer correctly
 * ("does not exist" after an ambiguous delete means the first attempt deleted it).
 */
import { PortalError, RetryPolicy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** The request may have been applied: it reached the server and no answer says it was not. */
export const isAmbiguous = (error: PortalError.PortalFailure): boolean => {
  if (error._tag === "TransportError") {
    if (!error.reachedServer) return false
    if (error.reason !== "HttpStatus") return true
    const status = error.status ?? 0
    return status >= 500 && status !== 503
  }
  if (error._tag === "PortalError") return error.code === 500 || error.code === 502 || error.code === 504
  return false
}

/** The portal refused an `itemIdToCreate` because an item with that id exists. */
export const isAlreadyExists = (error: PortalError.PortalFailure): boolean =>
  error._tag === "PortalError" && error.reason === "InvalidRequest" && /already exists/i.test(error.message)

/** A per-item message saying the item does not exist (bulk results carry no code worth trusting). */
export const saysNotFound = (message: string | undefined): boolean =>
  message !== undefined && /does not exist or is inaccessible/i.test(message)

/**
 * Runs `attempt(false)`; after an ambiguous failure waits as `policy` says and runs `attempt(true)` (a
 * re-send, which may reconcile what it hears), at most `policy.times` more times.
 */
export const resending = <A>(
  policy: RetryPolicy.RetryPolicy,
  attempt: (resend: boolean) => Effect.Effect<A, PortalError.PortalFailure>,
): Effect.Effect<A, PortalError.PortalFailure> => {
  const loop = (n: number): Effect.Effect<A, PortalError.PortalFailure> =>
    Effect.catch(attempt(n > 0), (error: PortalError.PortalFailure) =>
      n >= policy.times || !isAmbiguous(error)
        ? Effect.fail(error)
        : Effect.flatMap(RetryPolicy.delayFor(policy, error, n), (delay) =>
            Effect.andThen(Effect.sleep(delay), loop(n + 1)),
          ),
    )
  return loop(0)
}

/** A new item id, chosen here: 32 lowercase hexadecimal characters from `crypto.getRandomValues`. */
export const newItemId = (): string => {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")
}

/**
 * Records that an operation reconciled an ambiguous failure (a Debug log line annotated
 * `reconciliation=<kind>`, and a span event): ids only, never a token or a parameter.
 */
export const reconciled = (operation: string, kind: string, itemId: string | undefined) =>
  Effect.logDebug(`${operation}: reconciled an ambiguous failure (${kind})`).pipe(
    Effect.annotateLogs({ reconciliation: kind, ...(itemId === undefined ? {} : { itemId }) }),
  )

/** Adds a hint to an ambiguous failure of a write that cannot be reconciled, keeping its type. */
export const withHint = (error: PortalError.PortalFailure, hint: string): PortalError.PortalFailure => {
  if (!isAmbiguous(error)) return error
  if (error._tag === "TransportError")
    return new PortalError.TransportError({
      reason: error.reason,
      operation: error.operation,
      request: error.request,
      message: `${error.message} ${hint}`,
      status: error.status,
      reachedServer: error.reachedServer,
    })
  if (error._tag === "PortalError")
    // A 500/502/504 from the portal is ambiguous too; its code, messageCode and details are kept as they came.
    return new PortalError.PortalError({
      code: error.code,
      messageCode: error.messageCode,
      message: `${error.message} ${hint}`,
      details: error.details,
      reason: error.reason,
      operation: error.operation,
      request: error.request,
      retryAfter: error.retryAfter,
    })
  return error
}
