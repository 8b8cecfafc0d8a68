/**
 * `@arcgis-portal/example-auth-env-token`: the example plugin of `docs/auth-plugins.md`.
 */
export { envToken, type Options } from "./EnvToken.ts"
