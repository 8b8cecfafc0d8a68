import { PortalError } from "@arcgis-portal/core"
import { describe, expect, it } from "vitest"
import * as Errors from "../../src/internal/errors.ts"

const portalError = new PortalError.PortalError({
  code: 400,
  messageCode: "CONT_0001",
  message: "Item does not exist or is inaccessible.",
  details: ["Check the item id."],
  reason: "NotFound",
  operation: "Items.share",
  request: { method: "POST", path: "content/users/me/items/abc/share" },
  retryAfter: undefined,
})

describe("failures", () => {
  it("a portal error is one line with its code and message code; --verbose adds the request and details", () => {
    expect(Errors.describe(portalError, false)).toEqual([
      "Item does not exist or is inaccessible. (code 400 CONT_0001)",
    ])
    expect(Errors.describe(portalError, true)).toEqual([
      "Item does not exist or is inaccessible. (code 400 CONT_0001)",
      "  in Items.share POST content/users/me/items/abc/share",
      "  Check the item id.",
    ])
  })

  it("maps failures to the documented exit codes", () => {
    expect(Errors.exitCodeOf(portalError)).toBe(1)
    expect(
      Errors.exitCodeOf(
        new PortalError.AuthError({
          code: 498,
          messageCode: undefined,
          message: "Invalid token.",
          details: [],
          reason: "InvalidToken",
          operation: "Items.get",
          request: undefined,
        }),
      ),
    ).toBe(3)
    expect(
      Errors.exitCodeOf(new PortalError.InvalidInput({ operation: "Items.get", field: "id", message: "Bad id" })),
    ).toBe(2)
    expect(Errors.exitCodeOf(Errors.usage("--json and --ndjson cannot be used together"))).toBe(2)
    expect(Errors.exitCodeOf(Errors.auth("no profile"))).toBe(3)
    expect(Errors.exitCodeOf(Errors.failed("3 of 10 failed"))).toBe(1)
    expect(Errors.exitCodeOf(new Error("boom"))).toBe(1)
  })

  it("a multi-line message stays on one line", () => {
    expect(Errors.describe(Errors.failed("first\n  second"), false)).toEqual(["first second"])
  })
})
