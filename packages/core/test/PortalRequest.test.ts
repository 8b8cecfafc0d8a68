import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import fc from "fast-check"
import { encodeParams, encodeValue, hasSecret } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const name = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.toLowerCase() !== "f")

describe("parameter encoding", () => {
  it("scalars, arrays, objects, dates", () => {
    expect(encodeValue("a")).toBe("a")
    expect(encodeValue(1.5)).toBe("1.5")
    expect(encodeValue(Number.NaN)).toBeUndefined()
    expect(encodeValue(true)).toBe("true")
    expect(encodeValue(false)).toBe("false")
    expect(encodeValue(null)).toBeUndefined()
    expect(encodeValue(undefined)).toBeUndefined()
    expect(encodeValue(["a", 1, true])).toBe("a,1,true")
    expect(encodeValue([{ a: 1 }])).toBe('[{"a":1}]')
    expect(encodeValue({ a: [1, 2] })).toBe('{"a":[1,2]}')
    expect(encodeValue(new Date(5))).toBe("5")
    expect(encodeValue(Redacted.make("s"))).toBe("s")
    expect(hasSecret({ a: Redacted.make("s") })).toBe(true)
    expect(hasSecret({ a: "s" })).toBe(false)
  })

  it("objects round-trip through JSON (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        expect(JSON.parse(encodeValue(value) ?? "null")).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it("arrays of comma-free strings round-trip by splitting (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes(",")),
          { minLength: 1 },
        ),
        (values) => {
          expect(encodeValue(values)?.split(",")).toEqual(values)
        },
      ),
    )
  })

  it("encodeParams drops unset values and keeps the rest in order", () => {
    expect(encodeParams({ a: 1, b: undefined, c: null, d: "x" })).toEqual([
      ["a", "1"],
      ["d", "x"],
    ])
  })

  it.live("a parameter named __proto__ arrives as a parameter (multipart, form and query)", () =>
    Effect.promise(async () => {
      const params = JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>
      for (const [method, multipart] of [
        ["POST", true],
        ["POST", false],
        ["GET", false],
      ] as const) {
        const scripted = ScriptedFetch.make(() => ({ json: {} }))
        await Effect.runPromise(
          Effect.gen(function* () {
            const transport = yield* Transport.Transport
            yield* transport.json({ operation: "Test.p", method, path: "x", params, multipart })
          }).pipe(Effect.provide(layerFor(scripted))),
        )
        const request = scripted.requests[0]!
        const received: Record<string, string> =
          request.method === "GET" ? Object.fromEntries(request.url.searchParams) : { ...request.body }
        delete received.f
        expect(received).toEqual(params)
      }
    }),
  )

  it.live("any string parameters arrive byte-for-byte, as GET query or POST form body (property)", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.dictionary(name, fc.string({ unit: "grapheme", maxLength: 40 }), { maxKeys: 6 }),
          fc.constantFrom("GET" as const, "POST" as const),
          fc.boolean(),
          async (params, method, multipart) => {
            const scripted = ScriptedFetch.make(() => ({ json: {} }))
            await Effect.runPromise(
              Effect.gen(function* () {
                const transport = yield* Transport.Transport
                yield* transport.json({ operation: "Test.p", method, path: "x", params, multipart })
              }).pipe(Effect.provide(layerFor(scripted))),
            )
            const request = scripted.requests[0]!
            const received: Record<string, string> =
              request.method === "GET" ? Object.fromEntries(request.url.searchParams) : { ...request.body }
            delete received.f
            expect(received).toEqual(params)
          },
        ),
        { numRuns: 80 },
      ),
    ),
  )
})
