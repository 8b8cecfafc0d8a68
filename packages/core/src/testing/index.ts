/**
 * Test helpers: a scripted `fetch` that records every request the SDK sends and answers from a
 * script, so unit tests run the real Transport (encoding, envelopes, retries, tokens) without a
 * network. Pass it as `Portal.layer({ url, auth, fetch: scripted.fetch })`. `AuthConformance` is
 * the suite every auth plugin runs (`AuthConformance.run({ name, make })` in a vitest file);
 * `TokenPortal` a scripted portal with a token endpoint for a strategy's own unit tests; `SignIn.generateToken` a
 * built-in-user sign-in for integration tests against the emulator.
 *
 * @packageDocumentation
 */
export * as AuthConformance from "./AuthConformance.ts"
export * as ScriptedFetch from "./ScriptedFetch.ts"
export * as SignIn from "./SignIn.ts"
export * as TokenPortal from "./TokenPortal.ts"
