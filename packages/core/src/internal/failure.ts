/**
 * Reading what a failed fetch threw: the error and its causes (an `AggregateError`'s `errors` too), the system codes
 * in them (`ECONNREFUSED`, `CERT_HAS_EXPIRED`) and which of those are TLS failures. Shared by the HTTP layer (which
 * turns them into `TransportError`s) and `Network.observe` (which reports them), so both read an error the same way.
 */

/** `error` and its causes (and an AggregateError's `errors`), outermost first; five levels at most. */
export const chainOf = (error: unknown, depth = 0): Array<{ readonly code?: unknown; readonly message?: unknown }> => {
  if (depth > 5 || typeof error !== "object" || error === null) return []
  const errors = (error as { errors?: unknown }).errors
  return [
    error,
    ...(Array.isArray(errors) ? errors.flatMap((inner) => chainOf(inner, depth + 1)) : []),
    ...chainOf((error as { cause?: unknown }).cause, depth + 1),
  ]
}

/** A system error code: capitals, digits and `_` only — never free text that could carry a URL or a secret. */
const systemCode = /^[A-Z][A-Z0-9_]{1,63}$/

/** The system codes in an error's chain, outermost first. */
export const codesOf = (chain: ReadonlyArray<{ readonly code?: unknown }>): Array<string> =>
  chain.flatMap((cause) => (typeof cause.code === "string" && systemCode.test(cause.code) ? [cause.code] : []))

/** Whether a code is a TLS failure (a certificate not accepted, a handshake that failed). */
export const isTlsCode = (code: string): boolean =>
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY)_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|HOSTNAME_MISMATCH)/.test(
    code,
  )
