/**
 * `@arcgis-portal/auth-pki`: client-certificate (PKI, mutual TLS) authentication. Node only.
 * `clientCertificate(...)` is the strategy; `ClientCertificate.layer(...)` the scoped `Network` it brings.
 *
 * @packageDocumentation
 */
export * as ClientCertificate from "./ClientCertificate.ts"
export { type Credentials, clientCertificate, type Options, type Pem, type Secret } from "./ClientCertificate.ts"
