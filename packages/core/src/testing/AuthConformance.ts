/**
 * The conformance suite every auth plugin runs — ours and third-party ones alike. It puts the
 * strategy in front of a scripted portal (see {@link ScriptedFetch}) and checks what core cannot
 * check for it: where the token goes, that no secret reaches a URL, a span, a log or an error, and
 * that the strategy lets core's token session do its work (one acquisition for any number of
 * concurrent callers, one retry after a 498, clean interruption).
 *
 * @example
 * import { AuthConformance } from "@arcgis-portal/core/testing"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 *
 * AuthConformance.run({
 *   name: "myStrategy",
 *   secrets: ["s3cret"],
 *   make: () => ({
 *     name: "myStrategy",
 *     acquire: (context) =>
 *       Effect.map(
 *         context.send({
 *           operation: "My.token",
 *           method: "POST",
 *           path: "generateToken",
 *           params: { username: "me", password: Redacted.make("s3cret") },
 *           credentials: "none",
 *         }),
 *         (body) => ({ token: Redacted.make((body as { token: string }).token), expires: (body as { expires: number }).expires }),
 *       ),
 *   }),
 * })
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import { Auth } from "../Auth.ts"
import type { AuthStrategy } from "../AuthStrategy.ts"
import { Network } from "../Network.ts"
import * as Portal from "../Portal.ts"
import type { PortalFailure } from "../PortalError.ts"
import * as RetryPolicy from "../RetryPolicy.ts"
import { Transport } from "../Transport.ts"
import * as ScriptedFetch from "./ScriptedFetch.ts"

/** The scripted portal a strategy under test talks to. */
export interface ConformancePortal {
  /** The portal's URL: `https://conformance.test/portal`. */
  readonly url: string
  /** Its REST root: `https://conformance.test/portal/sharing/rest`. */
  readonly restUrl: string
  /**
   * Issues a token the portal accepts until it revokes it. For strategies whose tokens come from
   * outside the portal (a file, an environment variable, a vault): make their source call this,
   * so that reading the source again after a 498 yields a new token, as a rotated secret would.
   */
  readonly issueToken: () => string
}

/** How a test registers cases; vitest's `describe`/`it` fit. */
export interface TestApi {
  /** Groups the cases under the strategy's name. */
  readonly describe: (name: string, body: () => void) => void
  /** Registers one case; a case that does not apply to the strategy calls `skip` with the reason. */
  readonly it: (name: string, body: (context: { skip: (note?: string) => void }) => Promise<void>) => void
}

/** Options of {@link run} and {@link cases}. */
export interface Options {
  /** The strategy's name, used in test titles. */
  readonly name: string
  /** Makes a fresh strategy for the scripted portal (called once per case). */
  readonly make: (portal: ConformancePortal) => AuthStrategy
  /**
   * Values that must never appear in a URL, span, log or error rendering: passwords, client
   * secrets, private keys, API keys. The tokens the portal issues are always checked too.
   */
  readonly secrets?: ReadonlyArray<string> | undefined
  /**
   * Answers a request the suite does not know: the strategy's own token endpoint, say. Return
   * `undefined` to let the suite answer. The suite itself answers `generateToken` (with or
   * without a password, and the federated-server exchange) and `oauth2/token` with fresh tokens.
   */
  readonly respond?:
    | ((request: ScriptedFetch.Recorded, portal: ConformancePortal) => ScriptedFetch.Reply | undefined)
    | undefined
  /**
   * Renders a value as a console would. Default: Node's `util.inspect` when the runtime has it,
   * otherwise only the JSON and `String` renderings are checked.
   */
  readonly inspect?: ((value: unknown) => string) | undefined
  /** The lifetime of tokens the suite's portal issues, in milliseconds. Default 1 000. */
  readonly tokenLifetimeMillis?: number | undefined
  /** How cases are registered. Default: vitest's `describe` and `it`. */
  readonly test?: TestApi | undefined
}

/** One check of the suite, runnable under any test runner. */
export interface Case {
  readonly name: string
  /** Resolves when the strategy conforms; rejects with a {@link ConformanceError} otherwise. */
  readonly run: (context?: { readonly skip?: ((note?: string) => void) | undefined }) => Promise<void>
}

/** A strategy does not conform. The message says which rule it broke. */
export class ConformanceError extends Error {
  override readonly name = "ConformanceError"
}

const check: (condition: unknown, message: string) => asserts condition = (condition, message) => {
  if (!condition) throw new ConformanceError(message)
}

/** A case that does not apply to this strategy (e.g. token checks for a certificate-only scheme). */
class NotApplicable extends Error {}

const portalUrl = "https://conformance.test/portal"
const restUrl = `${portalUrl}/sharing/rest`
const resourceRoutes = new Set([
  "portals/self",
  "content/users/conformance/items/0123456789abcdef0123456789abcdef/update",
])

type Mode = "ok" | "reject" | "hang" | "reset" | "status500" | "hangAcquisition" | "failAcquisition"

const nodeInspect = (): ((value: unknown) => string) | undefined => {
  // No import of node:util: this entry must stay loadable in browsers.
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const util = process?.getBuiltinModule?.("node:util") as
    | { inspect: (value: unknown, options: object) => string }
    | undefined
  return util === undefined ? undefined : (value) => util.inspect(value, { depth: 12, showHidden: true })
}

const safeJson = (value: unknown): string => {
  const seen = new WeakSet<object>()
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) => {
        if (typeof inner === "bigint") return inner.toString()
        if (inner instanceof Map) return [...inner.entries()]
        if (typeof inner === "object" && inner !== null) {
          if (seen.has(inner)) return "[circular]"
          seen.add(inner)
        }
        return inner
      }) ?? ""
    )
  } catch {
    return ""
  }
}

/** A scripted portal with a token store, set up fresh for each case. */
const makeHarness = (options: Options) => {
  const lifetime = options.tokenLifetimeMillis ?? 1_000
  const issued: Array<string> = []
  const valid = new Map<string, number>()
  let sequence = 0
  let mode: Mode = "ok"
  let acquisitions = 0
  const fresh = (prefix: string) => {
    sequence += 1
    const value = `${prefix}-${sequence}-${Math.random().toString(36).slice(2, 12)}`
    issued.push(value)
    return value
  }
  const portal: ConformancePortal = {
    url: portalUrl,
    restUrl,
    issueToken: () => {
      const token = fresh("conformance-token")
      valid.set(token, Number.POSITIVE_INFINITY)
      return token
    },
  }
  const issueExpiring = () => {
    const token = fresh("conformance-token")
    const expires = Date.now() + lifetime
    valid.set(token, expires)
    return { token, expires }
  }
  const isValid = (token: string) => (valid.get(token) ?? 0) > Date.now()

  const scripted = ScriptedFetch.make((request): ScriptedFetch.Reply => {
    const route = ScriptedFetch.route(request)
    if (!resourceRoutes.has(route)) {
      if (mode === "hangAcquisition") return "hang"
      if (mode === "failAcquisition") {
        return {
          json: { error: { code: 400, message: "Unable to generate token.", details: ["Invalid credentials."] } },
        }
      }
      const custom = options.respond?.(request, portal)
      if (custom !== undefined) return custom
      if (/^generatetoken$/i.test(route)) {
        const { token, expires } = issueExpiring()
        return { json: { token, expires, ssl: true } }
      }
      if (/^oauth2\/token$/i.test(route)) {
        const { token } = issueExpiring()
        return {
          json: {
            access_token: token,
            expires_in: Math.max(1, Math.round(lifetime / 1000)),
            refresh_token: fresh("conformance-refresh"),
            refresh_token_expires_in: 1_209_600,
            username: "conformance",
          },
        }
      }
      return {
        status: 404,
        json: { error: { code: 404, message: "Not found in the conformance portal.", details: [] } },
      }
    }
    if (mode === "hang") return "hang"
    if (mode === "reset") return "reset"
    if (mode === "status500") return { status: 500, body: "<html>Internal error</html>" }
    const token = ScriptedFetch.tokenOf(request)
    if (mode === "reject" && token !== undefined) {
      return { json: { error: { code: 498, message: "Invalid token.", details: [] } } }
    }
    if (token === undefined) {
      return strategy.acquire === undefined
        ? { json: { ok: true, user: "conformance" } }
        : { json: { error: { code: 499, messageCode: "GWM_0003", message: "Token Required", details: [] } } }
    }
    if (!isValid(token)) return { json: { error: { code: 498, message: "Invalid token.", details: [] } } }
    return { json: { ok: true, user: "conformance" } }
  })

  const made = options.make(portal)
  const inner = made.acquire
  const strategy: AuthStrategy = {
    ...made,
    acquire:
      inner === undefined
        ? undefined
        : (context) =>
            Effect.suspend(() => {
              acquisitions += 1
              return inner(context)
            }),
    // The scripted portal is the network: a plugin's own `transport` layer is checked on its own (below) and
    // exercised against a real server by its integration tests.
    transport: undefined,
  }

  const spans: Array<Tracer.Span> = []
  const logs: Array<string> = []
  const layer = Layer.mergeAll(
    Portal.layer({ url: portalUrl, auth: strategy, fetch: scripted.fetch, retry: RetryPolicy.none, timeout: 5_000 }),
    Logger.layer(
      [
        Logger.make((entry) => {
          logs.push(Logger.formatJson.log(entry), safeJson(entry.message), String(entry.message))
          if (entry.cause.reasons.length > 0) logs.push(Cause.pretty(entry.cause))
        }),
      ],
      { mergeWithExisting: false },
    ),
  )

  /** Runs `effect` against the scripted portal, recording spans and logs. */
  const runEffect = <A, E>(effect: Effect.Effect<A, E, Transport | Auth | Portal.Portal>): Promise<Exit.Exit<A, E>> =>
    Effect.runPromise(
      Effect.gen(function* () {
        const base = yield* Effect.tracer
        const recording = Tracer.make({
          span(spanOptions) {
            const span = base.span(spanOptions)
            spans.push(span)
            return span
          },
        })
        return yield* Effect.exit(effect).pipe(Effect.withTracer(recording))
      }).pipe(Effect.provide(layer), Effect.provideService(References.MinimumLogLevel, "All")) as Effect.Effect<
        Exit.Exit<A, E | PortalFailure>
      >,
    ) as Promise<Exit.Exit<A, E>>

  const resources = () => scripted.requests.filter((request) => resourceRoutes.has(ScriptedFetch.route(request)))

  return {
    portal,
    strategy,
    transport: made.transport,
    scripted,
    spans,
    logs,
    runEffect,
    resources,
    issued,
    lifetime,
    revokeAll: () => valid.clear(),
    setMode: (next: Mode) => {
      mode = next
    },
    acquisitions: () => acquisitions,
  }
}

const read = Effect.gen(function* () {
  const transport = yield* Transport
  return yield* transport.json({ operation: "Conformance.read", method: "GET", path: "portals/self" })
})

const write = Effect.gen(function* () {
  const transport = yield* Transport
  return yield* transport.json({
    operation: "Conformance.write",
    method: "POST",
    path: "content/users/conformance/items/0123456789abcdef0123456789abcdef/update",
    params: { title: "Conformance" },
  })
})

const describeExit = (exit: Exit.Exit<unknown, unknown>): string =>
  Exit.isSuccess(exit) ? "success" : (Cause.pretty(exit.cause).split("\n")[0] ?? "failure")

const expectSuccess = (exit: Exit.Exit<unknown, unknown>, what: string) =>
  check(Exit.isSuccess(exit), `${what} should succeed against the conformance portal, but got: ${describeExit(exit)}`)

const requireTokens = (strategy: AuthStrategy) => {
  if (strategy.acquire === undefined) throw new NotApplicable("the strategy has no tokens (no acquire)")
}

/** The cases of the suite, for any test runner. {@link run} registers them with vitest. */
export const cases = (options: Options): ReadonlyArray<Case> => {
  const inspect = options.inspect ?? nodeInspect()
  const secretsOf = (harness: ReturnType<typeof makeHarness>) =>
    [...(options.secrets ?? []), ...harness.issued].filter((secret) => secret.length >= 4)

  const renderings = (value: unknown): Array<string> => {
    const out = [safeJson(value), String(value)]
    if (inspect) out.push(inspect(value))
    if (value instanceof Error) out.push(value.message, value.stack ?? "")
    return out
  }

  const exitRenderings = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
    if (Exit.isSuccess(exit)) return renderings(exit.value)
    const out = [Cause.pretty(exit.cause), ...renderings(exit.cause)]
    for (const reason of exit.cause.reasons) {
      if (Cause.isFailReason(reason)) out.push(...renderings(reason.error))
      else if (Cause.isDieReason(reason)) out.push(...renderings(reason.defect))
    }
    return out
  }

  const assertNoSecrets = (harness: ReturnType<typeof makeHarness>, where: string, texts: ReadonlyArray<string>) => {
    const secrets = secretsOf(harness)
    for (const text of texts) {
      for (const secret of secrets) {
        check(!text.includes(secret), `a secret appeared in ${where}: ${JSON.stringify(text.slice(0, 300))}`)
      }
    }
  }

  const auditRecorded = (harness: ReturnType<typeof makeHarness>, scenario: string) => {
    assertNoSecrets(
      harness,
      `a request URL (${scenario})`,
      harness.scripted.requests.map((request) => request.url.href),
    )
    assertNoSecrets(
      harness,
      `a span (${scenario})`,
      harness.spans.map((span) =>
        safeJson({
          name: span.name,
          attributes: [...span.attributes],
          events: (span as { events?: unknown }).events,
        }),
      ),
    )
    assertNoSecrets(harness, `a log (${scenario})`, harness.logs)
  }

  const make =
    (body: (harness: ReturnType<typeof makeHarness>) => Promise<void>): Case["run"] =>
    async () => {
      const harness = makeHarness(options)
      try {
        await body(harness)
      } catch (error) {
        // A check that does not apply was still verified to not apply (e.g. the strategy made no
        // token request at all): that is a pass, not a skip.
        if (error instanceof NotApplicable) return
        throw error
      }
    }

  const concurrently = (harness: ReturnType<typeof makeHarness>, count: number) =>
    harness.runEffect(
      Effect.all(
        Array.from({ length: count }, () => read),
        { concurrency: "unbounded" },
      ),
    )

  return [
    {
      name: "puts the token in the X-Esri-Authorization header or the POST body, never in a URL",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        const readExit = await harness.runEffect(read)
        const writeExit = await harness.runEffect(write)
        const sent = harness.resources()
        check(sent.length >= 2, "both requests should reach the portal")
        for (const request of sent) {
          const header = request.headers.get("x-esri-authorization")
          const inHeader = header !== null && /^Bearer\s+\S+$/.test(header)
          const inBody = request.method === "POST" && typeof request.body.token === "string"
          check(
            inHeader || inBody,
            `the token must travel in the X-Esri-Authorization: Bearer header or a POST body field "token" (${request.method} ${request.url.pathname})`,
          )
          check(
            !request.url.searchParams.has("token"),
            `a token was put in the query string of ${request.method} ${request.url.pathname}`,
          )
          const token = ScriptedFetch.tokenOf(request)
          check(token !== undefined && harness.issued.includes(token), "the request should carry an issued token")
          check(!request.url.href.includes(token), `the token appeared in the URL of ${request.url.pathname}`)
          for (const [name, value] of request.headers) {
            if (name === "x-esri-authorization" || name === "authorization") continue
            check(!value.includes(token), `the token appeared in the ${name} header`)
          }
        }
        expectSuccess(readExit, "a GET")
        expectSuccess(writeExit, "a POST")
      }),
    },
    {
      name: "no credential reaches a host outside the portal's boundary (item URLs, unlisted servers)",
      run: make(async (harness) => {
        // What a hostile org member controls: an item whose URL points at their own host, which claims to be an
        // ArcGIS Server. Core's credential boundary must send it nothing, whatever the strategy.
        const hostile = "https://attacker.conformance.test/arcgis"
        const outside = (credentials: "portal" | { readonly server: string }) =>
          Effect.flatMap(Transport, (transport) =>
            transport.json({
              operation: "Conformance.itemUrl",
              method: "GET",
              path: `${hostile}/rest/services/X/FeatureServer`,
              credentials,
            }),
          )
        await harness.runEffect(read)
        await harness.runEffect(outside("portal"))
        await harness.runEffect(outside({ server: hostile }))
        const secrets = secretsOf(harness)
        for (const request of harness.scripted.requests) {
          if (request.url.origin !== new URL(hostile).origin && request.body.serverUrl === undefined) continue
          const sent = [
            request.url.href,
            ...[...request.headers].map(([name, value]) => `${name}: ${value}`),
            ...Object.entries(request.body).map(([name, value]) => `${name}=${value}`),
          ].join("\n")
          if (request.body.serverUrl !== undefined) {
            check(false, `a token was exchanged for an unlisted server (${request.body.serverUrl})`)
          }
          for (const secret of secrets) {
            check(!sent.includes(secret), `a credential was sent to ${request.url.origin}`)
          }
        }
      }),
    },
    {
      name: "no secret in a URL, span, log or error rendering",
      run: make(async (harness) => {
        const exits: Array<[string, Exit.Exit<unknown, unknown>]> = []
        exits.push(["a successful read", await harness.runEffect(read)])
        exits.push(["a successful write", await harness.runEffect(write)])
        const scenarios: ReadonlyArray<[string, Mode]> = [
          ["a rejected token (498)", "reject"],
          ["a dropped connection", "reset"],
          ["an HTTP 500 page", "status500"],
        ]
        for (const [scenario, mode] of scenarios) {
          harness.setMode(mode)
          exits.push([scenario, await harness.runEffect(read)])
          exits.push([scenario, await harness.runEffect(write)])
        }
        if (harness.strategy.acquire !== undefined) {
          harness.revokeAll()
          harness.setMode("failAcquisition")
          // Only a strategy that asks the portal for its token sees this failure; others succeed.
          exits.push(["a failed token acquisition", await harness.runEffect(read)])
        }
        for (const [scenario, exit] of exits)
          assertNoSecrets(harness, `the result of ${scenario}`, exitRenderings(exit))
        auditRecorded(harness, "all scenarios")
        assertNoSecrets(harness, "the strategy value itself", renderings(harness.strategy))
      }),
    },
    {
      name: "a transport layer provides a Network in a scope, with no secret in any rendering of it",
      run: make(async (harness) => {
        const transport = harness.transport
        // A strategy without a transport uses core's own network: verified to not apply, a pass.
        if (transport === undefined) return
        const exit = await Effect.runPromise(
          Effect.exit(
            Effect.scoped(
              Effect.gen(function* () {
                const network = Context.get(yield* Layer.build(transport), Network)
                check(
                  typeof network.trusted === "function" && typeof network.public === "function",
                  "the Network must have a trusted and a public fetch",
                )
                check(
                  network.tlsIdentity === undefined || network.trusted !== network.public,
                  "a Network that presents a client identity must not present it to every origin: its public fetch must differ from its trusted one",
                )
                check(
                  network.tlsIdentity === undefined || typeof network.tlsIdentity === "function",
                  "tlsIdentity must be a function (so that no rendering shows a key)",
                )
                assertNoSecrets(harness, "the Network value", [network.name, ...renderings(network)])
              }),
            ),
          ),
        )
        expectSuccess(exit, "building the transport layer in a scope and closing it")
      }),
    },
    {
      name: "32 concurrent first calls cause exactly one acquisition",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        expectSuccess(await concurrently(harness, 32), "32 concurrent reads")
        check(harness.acquisitions() === 1, `expected 1 acquisition, saw ${harness.acquisitions()}`)
      }),
    },
    {
      name: "32 concurrent callers on a rejected (498) token cause exactly one new acquisition",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        expectSuccess(await harness.runEffect(read), "the first read")
        harness.revokeAll()
        expectSuccess(await concurrently(harness, 32), "32 concurrent reads after the token was revoked")
        check(
          harness.acquisitions() === 2,
          `expected 2 acquisitions (the first and one renewal), saw ${harness.acquisitions()}: the strategy must leave caching and refresh to core's token session`,
        )
      }),
    },
    {
      name: "32 concurrent callers on an expired token cause exactly one new acquisition",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        const first = await harness.runEffect(
          Effect.gen(function* () {
            yield* read
            const auth = yield* Auth
            return yield* auth.grant
          }),
        )
        expectSuccess(first, "the first read")
        const grant = Exit.isSuccess(first) ? first.value : undefined
        if (grant?.expires === undefined || !Number.isFinite(grant.expires)) {
          throw new NotApplicable("the strategy's tokens have no known expiry")
        }
        const wait = grant.expires - Date.now() + 25
        check(wait < 60_000, "the strategy should report the expiry the portal gave, not a longer one")
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)))
        expectSuccess(await concurrently(harness, 32), "32 concurrent reads after the token expired")
        check(harness.acquisitions() === 2, `expected 2 acquisitions, saw ${harness.acquisitions()}`)
      }),
    },
    {
      name: "retries once after a 498, then fails with a typed AuthError",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        harness.setMode("reject")
        const exit = await harness.runEffect(read)
        check(Exit.isFailure(exit), "a read with a token the portal keeps rejecting must fail")
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
        check(
          typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "AuthError",
          `expected an AuthError, got ${describeExit(exit)}`,
        )
        check(
          (error as { reason?: unknown }).reason === "InvalidToken",
          "the AuthError's reason should be InvalidToken",
        )
        check(
          harness.resources().length === 2,
          `expected the request to be sent twice (once, then once more with a new token), saw ${harness.resources().length}`,
        )
        check(harness.acquisitions() === 2, `expected 2 acquisitions, saw ${harness.acquisitions()}`)
      }),
    },
    {
      name: "interrupting a request aborts it",
      run: make(async (harness) => {
        if (harness.strategy.acquire !== undefined) expectSuccess(await harness.runEffect(read), "the first read")
        harness.setMode("hang")
        const before = harness.resources().length
        const started = Date.now()
        const exit = await harness.runEffect(
          Effect.gen(function* () {
            const fiber = yield* Effect.forkChild(read)
            for (let waited = 0; harness.resources().length === before && waited < 200; waited++) {
              yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
            }
            yield* Fiber.interrupt(fiber)
            return yield* Fiber.await(fiber)
          }),
        )
        check(harness.resources().length > before, "the request should have been sent before the interruption")
        const request = harness.resources()[before]
        check(request?.signal.aborted === true, "interrupting the fiber must abort the fetch")
        check(Exit.isSuccess(exit) && Exit.hasInterrupts(exit.value), "the interrupted call should end interrupted")
        check(Date.now() - started < 2_000, "interruption should be prompt")
      }),
    },
    {
      name: "interrupting a caller while its token is being acquired releases it",
      run: make(async (harness) => {
        requireTokens(harness.strategy)
        harness.setMode("hangAcquisition")
        const acquisitionRequests = () => harness.scripted.requests.length - harness.resources().length
        const started = Date.now()
        const exit = await harness.runEffect(
          Effect.gen(function* () {
            const fiber = yield* Effect.forkChild(read)
            for (let waited = 0; acquisitionRequests() === 0 && waited < 100; waited++) {
              if (harness.resources().length > 0) break
              yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
            }
            yield* Fiber.interrupt(fiber)
            return yield* Fiber.await(fiber)
          }),
        )
        if (acquisitionRequests() === 0) throw new NotApplicable("the strategy does not ask the portal for tokens")
        check(Exit.isSuccess(exit) && Exit.hasInterrupts(exit.value), "the interrupted caller should end interrupted")
        check(Date.now() - started < 2_000, "interruption should be prompt")
        check(harness.resources().length === 0, "no request should be sent without a token")
      }),
    },
  ]
}

const vitest: TestApi | undefined = await import("vitest").then(
  (module) => ({ describe: module.describe, it: module.it }) as unknown as TestApi,
  () => undefined,
)

/**
 * Registers the suite with vitest (or `options.test`): one `describe` named after the strategy,
 * one test per rule. Cases that do not apply (token rules for a certificate-only scheme) are
 * skipped.
 */
export const run = (options: Options): void => {
  const api = options.test ?? vitest
  if (api === undefined) {
    throw new Error("AuthConformance.run needs vitest; with another runner, run AuthConformance.cases(options).")
  }
  api.describe(`${options.name} conforms to the auth plugin contract`, () => {
    for (const item of cases(options)) api.it(item.name, (context) => item.run({ skip: context.skip }))
  })
}
