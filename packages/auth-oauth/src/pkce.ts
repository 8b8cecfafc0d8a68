/**
 * OAuth 2.0 authorization code with PKCE (S256) for user sign-in — the public API of the flow, as a table of where
 * each part lives:
 *
 * | export | what it does | module |
 * | --- | --- | --- |
 * | `beginAuthorization` | verifier, challenge, `state`, the `oauth2/authorize` URL; keeps the pending sign-in | `internal/redirect.ts` |
 * | `completeAuthorization` | checks the callback against the pending sign-in, exchanges the code | `internal/redirect.ts` |
 * | `AuthorizationStorage`, `BeginAuthorizationOptions`, `AuthorizationRequest`, `CompleteAuthorizationOptions` | their options and results | `internal/redirect.ts` |
 * | `pkce` | the signed-in user's strategy: refreshes the access token, exchanges the refresh token near its end, revokes it on `signOut` | `internal/token-exchange.ts` |
 * | `PkceOptions`, `PkceSession`, `PkceStrategy` | its options, saved session and shape | `internal/token-exchange.ts` |
 * | `createVerifier`, `codeChallenge` | the PKCE verifier and its S256 challenge (WebCrypto) | `internal/code-verifier.ts` |
 *
 * The Node loopback flow for command-line tools (`loopback`, in `node/loopback.ts`) drives `beginAuthorization` and
 * `completeAuthorization` from a one-shot listener on 127.0.0.1.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/authorize.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 */
export { codeChallenge, createVerifier } from "./internal/code-verifier.ts"
export {
  type AuthorizationRequest,
  type AuthorizationStorage,
  type BeginAuthorizationOptions,
  beginAuthorization,
  type CompleteAuthorizationOptions,
  completeAuthorization,
} from "./internal/redirect.ts"
export { type PkceOptions, type PkceSession, type PkceStrategy, pkce } from "./internal/token-exchange.ts"
