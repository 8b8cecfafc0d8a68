/**
 * `@arcgis-portal/auth-pki`: client-certificate (PKI, mutual TLS) authentication. Node only.
 */
export {
  type Credentials,
  clientCertificate,
  type Options,
  type Pem,
  type Secret,
  tlsOptionsKey,
} from "./ClientCertificate.ts"
