/**
 * Test helpers for client certificates, with `node:crypto` alone (no `openssl` binary, no extra dependency):
 * `ClientKeys.encrypt` turns a PEM private key into an encrypted PKCS#8 one, `ClientKeys.pkcs12` bundles a
 * certificate and its key into a passphrase-protected PKCS#12 (`.p12`/`.pfx`) file as a browser or Windows exports
 * one. Pair them with the emulator's `Certificates.createTestPki` to sign in over mutual TLS with either form.
 *
 * @packageDocumentation
 */
export * as ClientKeys from "./ClientKeys.ts"
