// The suite-wide secret scan, a vitest setup file every SDK package's tests run with (see index.js).
//
// It watches every request made through `globalThis.fetch` and learns the secrets on the wire: passwords, client
// secrets, refresh tokens, PKCE verifiers and tokens sent in request bodies or `Authorization` headers, and every
// token a portal hands out (`generateToken`, `oauth2/token`). It captures everything the tests' code writes to the
// console (Effect's default logger included) and to stdout/stderr. After each test file it fails the file when a
// learned secret appears in any captured line, or when a POST carries a secret in its URL query.
import { format } from "node:util"
import { afterAll } from "vitest"

const secretParams = ["password", "client_secret", "refresh_token", "code_verifier", "token", "serverToken"]
const minimumLength = 8

globalThis.__arcgisPortalSecretScan ??= { secrets: new Set(), captured: [], violations: [] }
const state = globalThis.__arcgisPortalSecretScan

const learn = (value) => {
  if (typeof value === "string" && value.length >= minimumLength) state.secrets.add(value)
}

const learnFromParams = (params) => {
  for (const name of secretParams) for (const value of params.getAll(name)) learn(String(value))
}

const learnFromBody = (body) => {
  if (body === undefined || body === null) return
  if (body instanceof URLSearchParams) learnFromParams(body)
  else if (typeof FormData !== "undefined" && body instanceof FormData) learnFromParams(body)
  else if (typeof body === "string" && !body.trimStart().startsWith("{")) learnFromParams(new URLSearchParams(body))
}

const learnFromHeaders = (headers) => {
  if (headers === undefined) return
  const authorization = new Headers(headers).get("authorization")
  if (authorization !== null) learn(authorization.replace(/^(Bearer|Basic)\s+/i, ""))
  const token = new Headers(headers).get("x-esri-authorization")
  if (token !== null) learn(token.replace(/^Bearer\s+/i, ""))
}

if (globalThis.fetch !== undefined && globalThis.fetch.__secretScan !== true) {
  const original = globalThis.fetch
  const scanned = async (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url)
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase()
    learnFromHeaders(init?.headers ?? request?.headers)
    learnFromBody(init?.body)
    if (method === "POST")
      for (const name of secretParams)
        if (url.searchParams.has(name)) state.violations.push(`POST ${url.pathname} carries '${name}' in its query`)
    const response = await original(input, init)
    if (/\/(generateToken|oauth2\/token)$/.test(url.pathname)) {
      try {
        const body = await response.clone().json()
        for (const key of ["token", "access_token", "refresh_token"]) learn(body?.[key])
      } catch {
        // not JSON: nothing to learn
      }
    }
    return response
  }
  scanned.__secretScan = true
  globalThis.fetch = scanned
}

if (state.installed !== true) {
  state.installed = true
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const original = console[level].bind(console)
    console[level] = (...args) => {
      state.captured.push(format(...args))
      original(...args)
    }
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream)
    stream.write = (chunk, ...rest) => {
      state.captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"))
      return original(chunk, ...rest)
    }
  }
}

afterAll(() => {
  const leaks = []
  for (const line of state.captured)
    for (const secret of state.secrets)
      if (line.includes(secret)) leaks.push(`a secret (${secret.length} characters) in output: ${line.slice(0, 80)}…`)
  const violations = [...state.violations]
  state.captured.length = 0
  state.violations.length = 0
  if (leaks.length + violations.length > 0)
    throw new Error(
      `secret scan: ${leaks.length} leak(s), ${violations.length} POST(s) with a secret in the query\n` +
        [...violations, ...leaks.map((leak) => leak.replaceAll(/[A-Za-z0-9._~+/-]{8,}/g, "…"))].join("\n"),
    )
})
