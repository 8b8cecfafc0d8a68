import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { generateTokenStrategy, isGenerateToken, layerFor, password } from "./helpers.ts"

describe("tracing hook", () => {
  it.live("every request is a span named after its operation, with method and path, and no secret anywhere", () =>
    Effect.gen(function* () {
      const spans: Array<Tracer.Span> = []
      const base = yield* Effect.tracer
      const recording = Tracer.make({
        span(options) {
          const span = base.span(options)
          spans.push(span)
          return span
        },
      })
      const scripted = ScriptedFetch.make((request) =>
        isGenerateToken(request)
          ? { json: { token: "tok-TRACE-SECRET", expires: 9_999_999_999_999 } }
          : { json: { ok: true } },
      )
      yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        yield* transport.json({
          operation: "Items.update",
          method: "POST",
          path: "content/users/u/items/0123456789abcdef0123456789abcdef/update",
          params: { title: "x", secret: Redacted.make(password) },
        })
      }).pipe(Effect.provide(layerFor(scripted, generateTokenStrategy())), Effect.withTracer(recording))
      const update = spans.find((span) => span.name === "Items.update")
      expect(update).toBeDefined()
      expect(Object.fromEntries(update?.attributes ?? [])).toMatchObject({
        "http.request.method": "POST",
        "url.path": "/portal/sharing/rest/content/users/u/items/0123456789abcdef0123456789abcdef/update",
        "auth.strategy": "test-generateToken",
      })
      expect(spans.map((span) => span.name)).toContain("Auth.acquire")
      const everything = JSON.stringify(spans.map((span) => [span.name, [...span.attributes]]))
      expect(everything).not.toContain("tok-TRACE-SECRET")
      expect(everything).not.toContain(password)
    }),
  )
})
