// The rule of `portal-url.ts`: which texts carry a user name or password, and a refusal that never shows them. The
// commands that apply it are run in `../portal-url.integration.test.ts`.
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { describe as describeFailure, ExitCode, exitCodeOf } from "../../src/internal/errors.ts"
import * as PortalUrls from "../../src/internal/portal-url.ts"

const secret = "Hunter2Secret"

describe("portal URLs with a user name or password", () => {
  it("finds user info however it is written, parsed or not", () => {
    for (const text of [
      `https://someone:${secret}@portal.example/portal`,
      `https://:${secret}@portal.example/portal`,
      "https://someone@portal.example/portal",
      `HTTPS://Someone:${secret}@PORTAL.example:7443/portal/home/`,
      `  http://someone:${secret}@127.0.0.1:7080/portal  `,
      `https:/someone:${secret}@portal.example/portal`,
      `https:\\\\someone:${secret}@portal.example\\portal`,
      `https://someone:${secret}@`,
      `https://someone:${secret}@[::1`,
      `someone:${secret}@portal.example/portal`,
      `ftp://someone:${secret}@portal.example/portal`,
    ])
      expect(PortalUrls.hasCredentials(text), text).toBe(true)
  })

  it("leaves every other URL alone: an @ in the path, query or fragment, ports, no scheme", () => {
    for (const text of [
      "https://org.maps.arcgis.com",
      "https://portal.example/portal/home/item.html?id=abc",
      "https://portal.example:7443/portal/",
      "http://127.0.0.1:7080/portal",
      "https://portal.example/portal/home/user.html?user=someone@example.com",
      "https://portal.example/@team/portal#someone@example.com",
      "portal.example:7443/portal",
      "staging",
    ])
      expect(PortalUrls.hasCredentials(text), text).toBe(false)
  })

  it("refuses with a usage failure (exit code 2) that names where the URL came from and never shows it", () => {
    const origins = [PortalUrls.origins.portal, PortalUrls.origins.from, PortalUrls.origins.profile("staging")]
    for (const origin of origins) {
      const error = Effect.runSync(
        Effect.flip(PortalUrls.check(`https://someone:${secret}@portal.example/portal`, origin)),
      )
      expect(exitCodeOf(error)).toBe(ExitCode.usage)
      const lines = describeFailure(error, true).join("\n")
      expect(lines).toContain(origin.name)
      expect(lines).toContain("user name or password")
      expect(lines).not.toContain(secret)
      expect(lines).not.toContain("someone")
      expect(lines).not.toContain("portal.example")
    }
  })

  it("passes a URL without credentials through unchanged", () => {
    const text = "https://portal.example/portal"
    expect(Effect.runSync(PortalUrls.check(text, PortalUrls.origins.from))).toBe(text)
  })
})
