/**
 * The web page in a real browser (Debian's Chromium through playwright-core, never a downloaded
 * browser): sign in with OAuth PKCE on the emulator's authorize page, see the items, share one with
 * a group, and check on the server that the share happened. Runs when Chromium is installed
 * (`.ci/run` installs it); vitest.config.ts leaves this file out otherwise.
 */
import { mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { type Browser, chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startWebServer, type WebServer } from "../src/web/WebServer.ts"

let emulator: EmulatorHandle
let web: WebServer
let browser: Browser

beforeAll(async () => {
  emulator = await startEmulator()
  web = await startWebServer({ portalUrl: emulator.url, clientId: emulator.app.clientId })
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await web?.close()
  await emulator?.stop()
})

describe("the web page", () => {
  it("signs in with PKCE, lists the items, shares one with a group (checked on the server)", async () => {
    const page = await browser.newPage()
    await page.goto(web.url)
    await page.click("#signin")
    await page.waitForURL(/oauth2\/authorize/)
    expect(await page.textContent("h1")).toContain("Sign in to Emulated Portal")
    await page.fill("#username", emulator.accounts.publisher.username)
    await page.fill("#password", emulator.accounts.publisher.password)
    await page.click("#submit")
    await page.waitForSelector("li[data-item-id]", { timeout: 20_000 })
    expect(await page.textContent("#who")).toBe("Signed in as publisher_one")
    const titles = await page.$$eval("li .title", (nodes) => nodes.map((node) => node.textContent ?? ""))
    expect(titles).toEqual(expect.arrayContaining(["Park Inventory (CSV)", "City Parks (Web Map)"]))
    // Thumbnails of the (private or org) items are fetched with the token and shown.
    await page.waitForFunction(() =>
      [...document.querySelectorAll("li img")].some((image) => (image as HTMLImageElement).naturalWidth > 0),
    )
    const row = page.locator("li", { hasText: "Park Inventory" })
    const itemId = await row.getAttribute("data-item-id")
    await page.selectOption("#group", { label: "Field Operations" })
    await row.locator("button").click()
    await page.waitForSelector("#result:has-text('Shared')")
    const directory = fileURLToPath(new URL("../.screenshots/", import.meta.url))
    mkdirSync(directory, { recursive: true })
    await page.screenshot({ path: `${directory}web-demo.png`, fullPage: true })
    // On the server: the item is now shared with that group.
    const token = (
      (await (
        await fetch(`${emulator.restUrl}/generateToken`, {
          method: "POST",
          body: new URLSearchParams({ f: "json", username: "publisher_one", password: "publisher-pass-local" }),
        })
      ).json()) as { token: string }
    ).token
    const groups = (await (
      await fetch(`${emulator.restUrl}/content/items/${itemId}/groups?f=json&token=${token}`)
    ).json()) as {
      member: Array<{ title: string }>
      admin: Array<{ title: string }>
    }
    expect([...groups.member, ...groups.admin].map((group) => group.title)).toContain("Field Operations")
  }, 60_000)
})
