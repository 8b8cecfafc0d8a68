/** Recognises the portal's error envelopes and HTTP failures and maps them to typed errors. */
import {
  AuthError,
  type AuthErrorReason,
  PortalError,
  type RequestInfo,
  reasonOf,
  TransportError,
} from "../PortalError.ts"

const toStrings = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value)
    ? value.filter((entry) => entry !== null && entry !== undefined).map((entry) => String(entry))
    : []

const toCode = (value: unknown, fallback: number): number => {
  const code = typeof value === "number" ? value : typeof value === "string" ? Number.parseInt(value, 10) : Number.NaN
  return Number.isFinite(code) ? code : fallback
}

/**
 * The typed error a JSON body stands for, or `undefined` when it is a success. Handles the Sharing
 * API envelope `{"error": {...}}` and the server admin failure `{"status": "error", "messages": [...]}`.
 */
export const errorFromBody = (
  body: unknown,
  operation: string,
  request: RequestInfo,
  httpStatus: number,
  retryAfter: number | undefined,
): PortalError | AuthError | undefined => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined
  const record = body as Record<string, unknown>
  // An envelope is `{"error": {...}}`. An answer that also says `success` (canDelete's
  // `{"itemId", "success": false, "error": {...}}`) is data: the operation worked and reports a refusal.
  if (typeof record.error === "object" && record.error !== null && !("success" in record)) {
    const error = record.error as Record<string, unknown>
    const code = toCode(error.code, Number.NaN)
    const message =
      typeof error.message === "string"
        ? error.message
        : typeof error.error_description === "string"
          ? error.error_description
          : "The portal reported an error."
    return make(
      code,
      typeof error.messageCode === "string" ? error.messageCode : undefined,
      message,
      toStrings(error.details),
      operation,
      request,
      retryAfter,
      httpStatus,
    )
  }
  // The admin API's `{"status": "error", …}`; some portal operations answer `{"status": "failure", …}` instead.
  if (record.status === "error" || record.status === "failure") {
    const messages = toStrings(record.messages)
    const code = toCode(record.code, Number.NaN)
    const message =
      messages[0] ??
      (typeof record.message === "string"
        ? record.message
        : typeof record.error === "string"
          ? record.error
          : "The server reported an error.")
    return make(
      code,
      typeof record.messageCode === "string" ? record.messageCode : undefined,
      message,
      messages.slice(1),
      operation,
      request,
      retryAfter,
      httpStatus,
    )
  }
  return undefined
}

/**
 * The error of an envelope. Without a code (`code` is NaN) the reason is `Unknown` — never `ServerError`, so it is
 * not retried as if it were a 500 — unless the HTTP status itself says 429/503 (then `code` is that status).
 */
const make = (
  rawCode: number,
  messageCode: string | undefined,
  message: string,
  details: ReadonlyArray<string>,
  operation: string,
  request: RequestInfo,
  retryAfter: number | undefined,
  httpStatus = 200,
): PortalError | AuthError => {
  const unknown = Number.isNaN(rawCode) && httpStatus !== 429 && httpStatus !== 503
  const code = unknown ? (httpStatus >= 400 ? httpStatus : 0) : Number.isNaN(rawCode) ? httpStatus : rawCode
  if (!unknown && (code === 498 || code === 499)) {
    const reason: AuthErrorReason = code === 498 ? "InvalidToken" : "TokenRequired"
    return new AuthError({ reason, code, messageCode, message, details, operation, request })
  }
  return new PortalError({
    reason: unknown ? "Unknown" : reasonOf(code),
    code,
    messageCode,
    message,
    details,
    operation,
    request,
    retryAfter,
  })
}

/** The error an HTTP failure without a recognisable envelope stands for. */
export const errorFromStatus = (
  status: number,
  operation: string,
  request: RequestInfo,
  retryAfter: number | undefined,
): PortalError | AuthError | TransportError => {
  if (status === 429 || status === 503) {
    return make(
      status,
      undefined,
      status === 429 ? "Too many requests." : "Service unavailable.",
      [],
      operation,
      request,
      retryAfter,
    )
  }
  if (status === 401) {
    return new AuthError({
      reason: "TokenRequired",
      code: 401,
      messageCode: undefined,
      message: "The server asked for credentials.",
      details: [],
      operation,
      request,
    })
  }
  return new TransportError({
    reason: "HttpStatus",
    operation,
    request,
    message: `The portal answered with HTTP ${status}.`,
    status,
    reachedServer: true,
  })
}
