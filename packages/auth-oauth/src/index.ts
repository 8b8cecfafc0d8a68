/**
 * `@arcgis-portal/auth-oauth`: OAuth 2.0 for the ArcGIS portal — user sign-in with the
 * authorization code flow and PKCE (browser redirect), and app login with client credentials.
 * Browser-safe; the loopback flow for command-line tools is in `@arcgis-portal/auth-oauth/node`.
 *
 * @packageDocumentation
 */
export { type ClientCredentialsOptions, clientCredentials } from "./clientCredentials.ts"
export { OAuthError, type OAuthErrorReason } from "./OAuthError.ts"
// The user sign-in (PKCE): `pkce.ts` is its table of exports.
export * from "./pkce.ts"
