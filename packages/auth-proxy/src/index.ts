/**
 * `@arcgis-portal/auth-proxy`: send requests through an HTTP(S) proxy, around any auth strategy. Node only.
 */
export { type ProxyOptions, proxyRefusedCode, throughProxy, tlsOptionsKey } from "./ThroughProxy.ts"
