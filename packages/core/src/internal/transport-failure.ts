/**
 * What a failed send becomes: whatever fetch (or a network plugin, or the redirect rules) threw, mapped to a
 * `TransportError` that keeps no URL, header or body, and says whether the request reached the server.
 */
import { NetworkRefusal } from "../Network.ts"
import { type RequestInfo, TransportError } from "../PortalError.ts"
import { chainOf, codesOf, isTlsCode } from "./failure.ts"

/** A redirect the transport refused to follow (mapped to a TransportError with reason `Redirect`). */
export class RedirectRefused extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message)
  }
}

/** What a timed-out read rejects with (the name is what `transportFailure` looks for, as for ky's own). */
export const timeoutError = () => new DOMException("The portal did not answer in time.", "TimeoutError")

/** Codes of network failures that prove the request never left this machine. */
const notSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"])

/** Maps whatever fetch threw to a TransportError that keeps no URL, header or body. */
export const transportFailure = (error: unknown, operation: string, info: RequestInfo): TransportError => {
  const failed = (
    reason: TransportError["reason"],
    message: string,
    reachedServer: boolean,
    status: number | undefined = undefined,
  ) => new TransportError({ reason, operation, request: info, message, status, reachedServer })
  if (error instanceof RedirectRefused) return failed("Redirect", error.message, true, error.status)
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined
  if (name === "TimeoutError") return failed("Timeout", "The portal did not answer in time.", true)
  // A failure the network plugin recognised (a proxy's refusal, a TLS handshake it knows failed): the portal was
  // never reached, and the same connection settings will fail again.
  const chain = chainOf(error)
  const refusal = chain.find((cause) => cause instanceof NetworkRefusal)
  if (refusal instanceof NetworkRefusal) return failed(refusal.reason, refusal.message, false, refusal.status)
  const codes = codesOf(chain)
  const tls = codes.find(isTlsCode)
  if (tls !== undefined) {
    return failed("Tls", `The TLS handshake failed (${tls}): a certificate was not accepted.`, false)
  }
  // A large upload is sent with `redirect: "error"` (see multipartBody): the portal answered 3xx, and sending
  // the same body again would be redirected again.
  if (chain.some((cause) => typeof cause.message === "string" && /unexpected redirect/i.test(cause.message))) {
    return failed(
      "Redirect",
      "The portal answered with a redirect, which a large upload does not follow: use the portal's final URL (https, the web adaptor's name) in Portal.layer.",
      true,
    )
  }
  const neverSent = codes.length > 0 && codes.every((code) => notSentCodes.has(code))
  return failed(
    "Network",
    neverSent
      ? `The portal could not be reached (${codes[0]}).`
      : `The connection failed${codes[0] ? ` (${codes[0]})` : ""}.`,
    !neverSent,
  )
}
