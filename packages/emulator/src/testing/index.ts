/**
 * Test helpers of `@arcgis-portal/emulator`: certificates for PKI (mutual TLS) tests, made at run time
 * ({@link Certificates.createTestPki}).
 *
 * @packageDocumentation
 */
export * as Certificates from "./Certificates.ts"
