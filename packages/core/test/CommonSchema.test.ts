/** The one group-id rule and the one username rule every feature package checks against. */
import { describe, expect, it } from "vitest"
import { CommonSchema } from "../src/index.ts"

describe("CommonSchema.isGroupId", () => {
  it("accepts 32 lowercase hexadecimal characters, as the portal makes group ids", () => {
    expect(CommonSchema.isGroupId("fedcba9876543210fedcba9876543210")).toBe(true)
  })

  it("refuses everything else: titles, other lengths, upper case, non-strings", () => {
    for (const value of [
      "",
      "Field Crews",
      "g".repeat(32),
      "g".repeat(64),
      "FEDCBA9876543210FEDCBA9876543210",
      "fedcba9876543210fedcba987654321",
      "fedcba9876543210fedcba9876543210,00112233445566778899aabbccddeeff",
      undefined,
      42,
      { id: "fedcba9876543210fedcba9876543210" },
    ]) {
      expect(CommonSchema.isGroupId(value), String(value)).toBe(false)
    }
  })
})

describe("CommonSchema.isUsername", () => {
  it("accepts the portal's characters (letters, digits, _ @ . -), 1 to 128 of them", () => {
    for (const value of ["jsmith", "j.smith@example.com", "publisher_one", "a-b", "u".repeat(128)]) {
      expect(CommonSchema.isUsername(value), value).toBe(true)
    }
  })

  it("refuses path segments, control characters, spaces, other scripts and lengths, and non-strings", () => {
    for (const value of ["", ".", "..", "../x", "a/b", "a\\b", "a\0b", "a b", "jos\u00e9", "u".repeat(129), null, 7]) {
      expect(CommonSchema.isUsername(value), String(value)).toBe(false)
    }
  })
})
