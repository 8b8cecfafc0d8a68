/** Failures of the OAuth flows that happen before or around the token request. */
import * as Data from "effect/Data"

/** Why an OAuth flow failed. */
export type OAuthErrorReason =
  /** The callback's `state` is not the one this flow sent (or no pending sign-in has it): possible CSRF. */
  | "StateMismatch"
  /** The user declined (`error=access_denied`). */
  | "AccessDenied"
  /** The portal redirected back with another `error`. */
  | "AuthorizationFailed"
  /** The callback carries neither a `code` nor an `error`. */
  | "MissingCode"
  /** Nobody completed the sign-in in time (loopback flow). */
  | "Timeout"
  /** The loopback listener could not be started. */
  | "Listener"

/** An OAuth flow failed. The message never contains a code, a verifier or a token. */
export class OAuthError extends Data.TaggedError("OAuthError")<{
  readonly reason: OAuthErrorReason
  readonly message: string
}> {
  /** `OAuthError: <message>` — without the fields, so logging the error cannot leak more than its message. */
  override toString(): string {
    return `OAuthError: ${this.message}`
  }
}
