/**
 * The PKCE (RFC 7636) primitives of the sign-in flows: a random code verifier, its S256 challenge, and the random
 * `state` of an authorization request — all from WebCrypto, so they work in browsers and in Node alike.
 */
import * as Effect from "effect/Effect"

const base64url = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** `byteLength` random bytes, base64url: the verifier (64 bytes) and the default `state` (16 bytes). */
export const randomString = (byteLength: number): string => {
  const bytes = new Uint8Array(byteLength)
  globalThis.crypto.getRandomValues(bytes)
  return base64url(bytes)
}

/** A PKCE code verifier: 64 random bytes, base64url (86 characters, within RFC 7636's 43–128). */
export const createVerifier = (): string => randomString(64)

/**
 * The S256 code challenge of a verifier: base64url(SHA-256(verifier)), computed with WebCrypto.
 *
 * @example
 * import { codeChallenge } from "@arcgis-portal/auth-oauth"
 * const challenge = codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
 */
export const codeChallenge = (verifier: string): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))).pipe(
    Effect.map((digest) => base64url(new Uint8Array(digest))),
  )
