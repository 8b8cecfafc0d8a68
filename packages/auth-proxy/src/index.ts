/**
 * `@arcgis-portal/auth-proxy`: send requests through an HTTP(S) proxy, around any auth strategy. Node only.
 * `throughProxy(...)` wraps a strategy; `ThroughProxy.layer(...)` is the scoped `Network` it brings.
 *
 * @packageDocumentation
 */
export * as ThroughProxy from "./ThroughProxy.ts"
export { type ProxyOptions, throughProxy } from "./ThroughProxy.ts"
