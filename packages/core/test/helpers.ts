import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import * as Portal from "../src/Portal.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"

export const portalUrl = "https://portal.test/portal"

/** Portal.layer over a scripted fetch, with fast retries. */
export const layerFor = (scripted: ScriptedFetch.ScriptedFetch, auth?: AuthStrategy, options: Portal.Options = {}) =>
  Portal.layer({
    url: portalUrl,
    auth,
    fetch: scripted.fetch,
    retry: { times: 3, base: 1, maxDelay: 5 },
    ...options,
  })

export const password = "hunter2-correct-horse-battery"

/**
 * A minimal built-in-user strategy (generateToken with a Redacted password), enough to exercise the
 * token session; the real one lives in @arcgis-portal/auth-token.
 */
export const generateTokenStrategy = (username = "publisher_one"): AuthStrategy => ({
  name: "test-generateToken",
  acquire: (context) =>
    Effect.map(
      context.send({
        operation: "Test.generateToken",
        method: "POST",
        path: "generateToken",
        params: { username, password: Redacted.make(password), client: "referer", referer: "test" },
        credentials: "none",
      }),
      (body) => {
        // `ssl` is passed on as every strategy of this repository does (core then keeps credentials on https).
        const { token, expires, ssl } = body as { token: string; expires: number; ssl?: boolean }
        return { token: Redacted.make(token), expires, ssl }
      },
    ),
})

export const isGenerateToken = (request: ScriptedFetch.Recorded) => ScriptedFetch.route(request) === "generateToken"
