import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { AuthStrategy } from "../src/index.ts"

describe("AuthStrategy helpers for plugin authors", () => {
  it("redact keeps a secret redacted, whether given plain or redacted", () => {
    const plain = AuthStrategy.redact("s3cret-value")
    expect(Redacted.value(plain)).toBe("s3cret-value")
    expect(String(plain)).not.toContain("s3cret-value")
    const already = Redacted.make("other-secret")
    expect(AuthStrategy.redact(already)).toBe(already)
  })

  it("failure is an AuthError naming the operation, with 498 for an invalid token", () => {
    const invalid = AuthStrategy.failure("x.acquire", "InvalidToken", "expired")
    expect(invalid._tag).toBe("AuthError")
    expect(invalid.code).toBe(498)
    expect(invalid.operation).toBe("x.acquire")
    expect(AuthStrategy.failure("x.acquire", "AcquisitionFailed", "no").code).toBe(0)
  })

  it.effect("decodeTokenResponse: a mismatch is a DecodeError that never echoes the body", () =>
    Effect.gen(function* () {
      const schema = Schema.Struct({ token: Schema.String, expires: Schema.Number })
      const decode = AuthStrategy.decodeTokenResponse(schema, "x.token", "generateToken")
      expect(yield* decode({ token: "tok-123456789", expires: 1 })).toEqual({ token: "tok-123456789", expires: 1 })
      const exit = yield* Effect.exit(decode({ token: "leaky-token-123456", expires: "soon" }))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = Exit.isFailure(exit) ? exit.cause : undefined
      const rendered = JSON.stringify(error) + String(error)
      expect(rendered).toContain("DecodeError")
      expect(rendered).not.toContain("leaky-token-123456")
    }),
  )
})
