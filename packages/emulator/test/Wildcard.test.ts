/**
 * The search's `*` wildcard matcher: the same answers as the regular expression it replaced, in time that no pattern
 * can make explode (the regular expression backtracked on `a*a*…*b` against a long run of `a`s and never finished).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { wildcard } from "../src/internal/search/query.ts"

/** The old matcher, a reference for small inputs (where backtracking is harmless). */
const reference = (pattern: string, text: string): boolean =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[\\s\\S]*")}$`,
    "i",
  ).test(text)

describe("wildcard", () => {
  it("answers like the regular expression on random patterns and texts", () => {
    // A small alphabet, so that patterns and texts share letters and stars fall everywhere.
    const letters = fc.constantFrom("a", "b", "A", "*", ".", "(", " ")
    const pattern = fc.array(letters, { maxLength: 10 }).map((chars) => chars.join(""))
    const text = fc.array(
      letters.filter((char) => char !== "*"),
      { maxLength: 16 },
    )
    fc.assert(
      fc.property(pattern, text, (p, chars) => {
        const t = chars.join("")
        expect(wildcard(p)(t), `${JSON.stringify(p)} ~ ${JSON.stringify(t)}`).toBe(reference(p, t))
      }),
      { numRuns: 5_000 },
    )
  })

  it("takes microseconds where backtracking takes forever: every star count against long runs", () => {
    const started = performance.now()
    for (let stars = 1; stars <= 64; stars++) {
      const pattern = `${"a*".repeat(stars)}b`
      for (const length of [250, 10_000, 100_000]) expect(wildcard(pattern)("a".repeat(length))).toBe(false)
      expect(wildcard(`*${pattern}`)(`${"a".repeat(10_000)}b`)).toBe(true)
    }
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
