/**
 * Test helpers of `@arcgis-portal/emulator`: certificates for PKI (mutual TLS) tests, made at run time
 * ({@link Certificates.createTestPki}), and the resource file extensions the emulator accepts (for a client's test to
 * compare with its own list).
 *
 * @packageDocumentation
 */

export { allowedResourceExtensions } from "../internal/handlers/items/resource-files.ts"
export * as Certificates from "./Certificates.ts"
