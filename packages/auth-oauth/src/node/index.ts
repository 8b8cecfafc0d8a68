/**
 * Node-only pieces of `@arcgis-portal/auth-oauth`: the loopback sign-in flow for command-line tools.
 *
 * @packageDocumentation
 */
export { type LoopbackOptions, loopback } from "./loopback.ts"
