import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const call = async (
  path: string,
  init: { method?: string; params?: Record<string, string>; token?: string; header?: string } = {},
) => {
  const method = init.method ?? "POST"
  const params = new URLSearchParams({ f: "json", ...(init.params ?? {}) })
  if (init.token) params.set("token", init.token)
  const url = `${emulator.restUrl}/${path}${method === "GET" ? `?${params}` : ""}`
  const headers: Record<string, string> = init.header ? { "X-Esri-Authorization": `Bearer ${init.header}` } : {}
  const response = await fetch(url, { method, headers, ...(method === "POST" ? { body: params } : {}) })
  return { status: response.status, text: await response.text() }
}
const body = async (path: string, init: Parameters<typeof call>[1] = {}) =>
  JSON.parse((await call(path, init)).text) as Record<string, any>

const signIn = async (account: { username: string; password: string }) =>
  (await body("generateToken", {
    params: { username: account.username, password: account.password, client: "referer", referer: "test" },
  })) as {
    token: string
    expires: number
  }

describe("emulator: root, info, portals/self", () => {
  it("answers the REST root with currentVersion, GET and POST", async () => {
    expect((await body("", { method: "GET" })).currentVersion).toBeTypeOf("string")
    expect((await body("")).currentVersion).toBeTypeOf("string")
  })

  it("info points at generateToken", async () => {
    const info = await body("info", { method: "GET" })
    expect(info.authInfo.tokenServicesUrl).toBe(`${emulator.restUrl}/generateToken`)
    expect(info.authInfo.isTokenBasedSecurity).toBe(true)
  })

  it("portals/self: anonymous has no user; signed in has the caller", async () => {
    const anonymous = await body("portals/self", { method: "GET" })
    expect(anonymous.name).toBe("Emulated Portal")
    expect(anonymous.isPortal).toBe(true)
    expect(anonymous.user).toBeUndefined()
    const { token } = await signIn(emulator.accounts.publisher)
    const self = await body("portals/self", { method: "GET", header: token })
    expect(self.user.username).toBe("publisher_one")
    expect(self.user.role).toBe("org_publisher")
    expect(self.id).toMatch(/^[A-Za-z0-9]{16}$/)
  })

  it("f=pjson is pretty-printed", async () => {
    const { text } = await call("portals/self", { method: "GET", params: { f: "pjson" } })
    expect(text).toContain('\n  "')
  })

  it("parameter names are case-insensitive", async () => {
    const response = await body("generateToken", {
      params: { USERNAME: "publisher_one", PassWord: "publisher-pass-local", Client: "referer", Referer: "x" },
    })
    expect(response.token).toBeTypeOf("string")
  })

  it("unknown paths answer a portal-style 404 envelope", async () => {
    const { status, text } = await call("no/such/thing")
    expect(status).toBe(404)
    expect(JSON.parse(text).error.code).toBe(404)
  })

  it("portals/self/update: admin only, merged into the portal properties", async () => {
    const admin = await signIn(emulator.accounts.admin)
    const publisher = await signIn(emulator.accounts.publisher)
    const refused = await body("portals/self/update", { params: { description: "nope" }, header: publisher.token })
    expect(refused.error.code).toBe(403)
    expect(refused.error.messageCode).toBe("GWM_0003")
    const anonymous = await body("portals/self/update", { params: { description: "nope" } })
    expect(anonymous.error.code).toBe(499)
    expect(
      await body("portals/self/update", {
        params: { description: "Updated", featuredGroups: '[{"title":"x"}]' },
        header: admin.token,
      }),
    ).toEqual({ success: true })
    const self = await body("portals/self", { method: "GET" })
    expect(self.description).toBe("Updated")
    expect(self.featuredGroups).toEqual([{ title: "x" }])
    expect(
      (await body("portals/self/update", { params: { defaultExtent: "{not json" }, header: admin.token })).error.code,
    ).toBe(400)
  })
})

describe("emulator: tokens", () => {
  it("generateToken issues a token for each seeded account", async () => {
    for (const account of Object.values(emulator.accounts)) {
      const { token, expires } = await signIn(account)
      expect(token.length).toBeGreaterThan(20)
      expect(expires).toBeGreaterThan(Date.now())
    }
  })

  it("a bad password gets the documented error; GET is refused", async () => {
    const wrong = await body("generateToken", { params: { username: "publisher_one", password: "wrong" } })
    expect(wrong.error).toEqual({
      code: 400,
      message: "Unable to generate token.",
      details: ["Invalid username or password."],
    })
    const viaGet = await call("generateToken", { method: "GET", params: { username: "a", password: "b" } })
    expect(viaGet.status).toBe(405)
  })

  it("expiration is in minutes and capped", async () => {
    const { expires } = await body("generateToken", {
      params: { username: "publisher_one", password: "publisher-pass-local", expiration: "5" },
    })
    expect(expires - Date.now()).toBeLessThanOrEqual(5 * 60_000)
    const long = await body("generateToken", {
      params: { username: "publisher_one", password: "publisher-pass-local", expiration: "99999999" },
    })
    expect(long.expires - Date.now()).toBeLessThanOrEqual(20_160 * 60_000)
  })

  it("an unknown token is 498; a secured call without one is 499", async () => {
    expect((await body("community/self", { header: "bogus-token" })).error).toMatchObject({
      code: 498,
      message: "Invalid token.",
    })
    expect((await body("community/self")).error).toMatchObject({ code: 499, message: "Token Required" })
  })

  it("the token works from the header, the body and the query", async () => {
    const { token } = await signIn(emulator.accounts.user)
    expect((await body("community/self", { header: token })).username).toBe("user_one")
    expect((await body("community/self", { token })).username).toBe("user_one")
    expect((await body("community/self", { method: "GET", token })).username).toBe("user_one")
  })

  it("the seeded API key acts as its user", async () => {
    expect((await body("community/self", { header: emulator.apiKey })).username).toBe("publisher_one")
  })

  it("client_credentials issues an app token; a bad client or secret is refused", async () => {
    const good = await body("oauth2/token", {
      params: {
        grant_type: "client_credentials",
        client_id: emulator.app.clientId,
        client_secret: emulator.app.clientSecret,
      },
    })
    expect(good.access_token).toBeTypeOf("string")
    expect(good.expires_in).toBeGreaterThan(0)
    expect(
      (
        await body("oauth2/token", {
          params: { grant_type: "client_credentials", client_id: "nope", client_secret: "x" },
        })
      ).error.message,
    ).toBe("Invalid client_id")
    expect(
      (
        await body("oauth2/token", {
          params: { grant_type: "client_credentials", client_id: emulator.app.clientId, client_secret: "x" },
        })
      ).error.code,
    ).toBe(400)
  })

  it("the request log never holds a token or a password", async () => {
    const { token } = await signIn(emulator.accounts.admin)
    await body("community/self", { method: "GET", token })
    const logged = JSON.stringify(emulator.requestLog())
    expect(logged).not.toContain(token)
    expect(logged).not.toContain("admin-pass-local")
  })
})

describe("emulator: community/users", () => {
  it("honours profile access: org profiles for members, private only for self and admins", async () => {
    const user = await signIn(emulator.accounts.user)
    const admin = await signIn(emulator.accounts.admin)
    const viewer = await signIn(emulator.accounts.viewer)
    const publisher = await body("community/users/publisher_one", { header: user.token })
    expect(publisher.username).toBe("publisher_one")
    expect(publisher.email).toBeUndefined()
    expect((await body("community/users/publisher_one")).error.message).toBe("User does not exist or is inaccessible.")
    expect((await body("community/users/viewer_one", { header: user.token })).error.code).toBe(400)
    expect((await body("community/users/viewer_one", { header: admin.token })).email).toContain("@")
    expect((await body("community/users/viewer_one", { header: viewer.token })).privileges).toBeInstanceOf(Array)
    expect((await body("community/users/nobody_here", { header: admin.token })).error.message).toBe(
      "User does not exist or is inaccessible.",
    )
  })
})

describe("emulator: user content", () => {
  it("lists a user's root items and folders, paged; a folder's items; owner or admin only", async () => {
    const publisher = await signIn(emulator.accounts.publisher)
    const root = await body("content/users/publisher_one", {
      method: "GET",
      header: publisher.token,
      params: { num: "1" },
    })
    expect(root.total).toBe(1)
    expect(root.items[0].title).toBe("Park Inventory")
    expect(root.items[0].id).toMatch(/^[0-9a-f]{32}$/)
    expect(root.folders.map((folder: { title: string }) => folder.title)).toEqual(["Maps"])
    const folder = await body(`content/users/publisher_one/${root.folders[0].id}`, { header: publisher.token })
    expect(folder.items.map((item: { title: string }) => item.title).sort()).toEqual([
      "City Parks",
      "Parks Feature Service",
    ])
    expect(folder.nextStart).toBe(-1)
    const paged = await body(`content/users/publisher_one/${root.folders[0].id}`, {
      header: publisher.token,
      params: { num: "1" },
    })
    expect([paged.total, paged.num, paged.nextStart]).toEqual([2, 1, 2])
    const user = await signIn(emulator.accounts.user)
    expect((await body("content/users/publisher_one", { header: user.token })).error.code).toBe(403)
    expect((await body("content/users/publisher_one")).error.code).toBe(499)
    expect(
      (await body("content/users/publisher_one", { header: publisher.token, params: { start: "0" } })).error.code,
    ).toBe(400)
  })
})

describe("emulator: bodies, persistence, faults", () => {
  it("accepts multipart bodies", async () => {
    const form = new FormData()
    form.append("f", "json")
    form.append("username", "publisher_one")
    form.append("password", "publisher-pass-local")
    form.append("file", new Blob(["ignored"]), "x.txt")
    const response = await fetch(`${emulator.restUrl}/generateToken`, { method: "POST", body: form })
    expect(((await response.json()) as { token?: string }).token).toBeTypeOf("string")
  })

  it("a parameter larger than 1 MB is a 400 envelope", async () => {
    const response = await body("generateToken", { params: { username: "x".repeat(1_100_000), password: "p" } })
    expect(response.error.code).toBe(400)
  })

  it("state survives a restart on the same dataDir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "emulator-persist-"))
    try {
      const first = await startEmulator({ dataDir })
      const admin = (await (
        await fetch(`${first.restUrl}/generateToken`, {
          method: "POST",
          body: new URLSearchParams({ f: "json", username: "portal_admin", password: "admin-pass-local" }),
        })
      ).json()) as { token: string }
      await fetch(`${first.restUrl}/portals/self/update`, {
        method: "POST",
        body: new URLSearchParams({ f: "json", token: admin.token, name: "Renamed Portal" }),
      })
      const apiKey = first.apiKey
      await first.stop()
      const second = await startEmulator({ dataDir })
      const self = (await (await fetch(`${second.restUrl}/portals/self?f=json&token=${admin.token}`)).json()) as {
        name: string
        user: { username: string }
      }
      expect(self.name).toBe("Renamed Portal")
      expect(self.user.username).toBe("portal_admin")
      expect(second.apiKey).toBe(apiKey)
      await second.stop()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it("faults are injected deterministically by seed, and can be switched off", async () => {
    const outcomes = async () => {
      const seen: Array<string> = []
      emulator.setFaults({ rate: 0.5, kinds: ["429", "503", "reset"], seed: 42, retryAfterSeconds: 3 })
      for (let index = 0; index < 20; index++) {
        try {
          const response = await fetch(`${emulator.restUrl}/?f=json`)
          const text = await response.text()
          seen.push(
            response.status === 503
              ? "503"
              : text.includes("429")
                ? `429:${response.headers.get("retry-after")}`
                : "ok",
          )
        } catch {
          seen.push("reset")
        }
      }
      emulator.setFaults(undefined)
      return seen
    }
    const first = await outcomes()
    const second = await outcomes()
    expect(first).toEqual(second)
    expect(new Set(first)).toEqual(new Set(["ok", "503", "429:3", "reset"]))
    expect((await body("")).currentVersion).toBeTypeOf("string")
  })

  it("reset-after commits the write, then drops the connection", async () => {
    const admin = await signIn(emulator.accounts.admin)
    emulator.setFaults({ rate: 1, kinds: ["reset-after"], seed: 1 })
    await expect(
      fetch(`${emulator.restUrl}/portals/self/update`, {
        method: "POST",
        body: new URLSearchParams({ f: "json", token: admin.token, snippet: "committed" }),
      }),
    ).rejects.toThrow()
    emulator.setFaults(undefined)
    expect((await body("portals/self", { method: "GET" })).snippet).toBe("committed")
  })
})

describe("emulator: CORS", () => {
  it("answers preflights and adds the CORS headers for any origin while allowedOrigins is empty", async () => {
    const preflight = await fetch(`${emulator.restUrl}/portals/self`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "POST" },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173")
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-esri-authorization")
    const response = await fetch(`${emulator.restUrl}/portals/self?f=json`, {
      headers: { origin: "http://127.0.0.1:5173" },
    })
    expect(response.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173")
  })
})

describe("emulator: start on a data directory", () => {
  it("seeded says what the directory holds: the sample org, or only the administrator after seed: false", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-seeded-"))
    try {
      const bare = await startEmulator({ dataDir: dir, seed: false })
      expect(bare.seeded).toBe(false)
      await bare.stop()
      // Asking for the sample org later does not create it: the directory decides.
      const again = await startEmulator({ dataDir: dir })
      expect(again.seeded).toBe(false)
      await again.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("a start that fails (an API key for an unknown user) leaves nothing held: the directory starts again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-failed-start-"))
    try {
      await expect(
        startEmulator({
          dataDir: dir,
          apiKeys: [{ key: "AAPK-for-nobody-0123456789abcdef", username: "nobody_here" }],
        }),
      ).rejects.toThrow("apiKeys: no user nobody_here in this org")
      const again = await startEmulator({ dataDir: dir })
      expect(again.seeded).toBe(true)
      await again.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
