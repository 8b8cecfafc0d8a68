import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Portal from "../src/Portal.ts"
import { InvalidInput } from "../src/PortalError.ts"

describe("Portal.normalizeUrl", () => {
  it.each([
    [undefined, "https://www.arcgis.com/sharing/rest"],
    ["", "https://www.arcgis.com/sharing/rest"],
    ["https://org.maps.arcgis.com", "https://org.maps.arcgis.com/sharing/rest"],
    ["https://org.maps.arcgis.com/", "https://org.maps.arcgis.com/sharing/rest"],
    ["https://host/portal", "https://host/portal/sharing/rest"],
    ["https://host/portal/sharing/rest/", "https://host/portal/sharing/rest"],
    ["https://host/portal/sharing", "https://host/portal/sharing/rest"],
    ["https://host/portal/home/index.html#content", "https://host/portal/sharing/rest"],
    ["  https://host:7443/arcgis/home/  ", "https://host:7443/arcgis/sharing/rest"],
    ["http://127.0.0.1:7080/portal?x=1", "http://127.0.0.1:7080/portal/sharing/rest"],
  ])("%s → %s", (input, expected) => {
    expect(Portal.normalizeUrl(input).restUrl).toBe(expected)
  })

  it("keeps the portal base beside the REST root", () => {
    expect(Portal.normalizeUrl("https://host/portal/sharing/rest").portalUrl).toBe("https://host/portal")
  })

  it.each(["not a url", "ftp://host/portal", "javascript:alert(1)"])("refuses %s with InvalidInput", (input) => {
    expect(() => Portal.normalizeUrl(input)).toThrow(InvalidInput)
  })

  it.each([
    "https://me:Pa55word@host/portal",
    "https://me@host/portal",
    "https://:Pa55word@host/portal",
    "http://me:Pa55word@127.0.0.1:7080/portal",
    "https://me:Pa55word@host",
    "me:Pa55word@host/portal",
    "https://me:Pa55word@",
    "https://me%3APa55word@host/portal",
  ])("refuses a URL carrying a user name or password, and shows neither: %s", (input) => {
    let thrown: unknown
    try {
      Portal.normalizeUrl(input)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InvalidInput)
    const text = `${String(thrown)} ${JSON.stringify(thrown)} ${(thrown as InvalidInput).message}`
    expect(text).not.toContain("Pa55word")
    expect(text).not.toMatch(/\bme\b/)
  })

  it.effect("Portal.layer fails with InvalidInput on a bad URL, before any request", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.provide(
          Effect.gen(function* () {
            return yield* Portal.Portal
          }),
          Portal.layer({ url: "nope" }),
        ),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(String(exit.cause)).toContain("InvalidInput")
    }),
  )
})
