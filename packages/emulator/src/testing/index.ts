/**
 * Test helpers of `@arcgis-portal/emulator`: certificates for PKI (mutual TLS) tests.
 */
export * as Certificates from "./Certificates.ts"
