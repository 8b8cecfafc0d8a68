/**
 * `@arcgis-portal/auth-token`: token auth strategies — a token you already have, an API key, and a
 * built-in portal user signing in through `generateToken`. Browser-safe; saved profiles (which need
 * a file system) are in `@arcgis-portal/auth-token/node`.
 *
 * @packageDocumentation
 */
export { apiKey } from "./apiKey.ts"
export { type BuiltInUserOptions, builtInUser } from "./builtInUser.ts"
export { type SecretSource, type StaticTokenOptions, staticToken } from "./staticToken.ts"
