/**
 * Test helpers: a scripted `fetch` that records every request the SDK sends and answers from a
 * script, so unit tests run the real Transport (encoding, envelopes, retries, tokens) without a
 * network. Pass it as `Portal.layer({ url, auth, fetch: scripted.fetch })`.
 */
export * as ScriptedFetch from "./ScriptedFetch.ts"
