import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { json, playBrowser, run, runOnTerminal, signIn, startPortal, temporaryDirectory } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  emulator = await startPortal()
})
afterAll(async () => {
  await emulator?.stop()
})
beforeEach(() => {
  home = temporaryDirectory("cli-home-")
})
afterEach(() => home.cleanup())

const profileDirectory = () => join(home.path, ".arcgis-portal")

const generateToken = async (account: { username: string; password: string }) => {
  const response = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...account, client: "referer", referer: "cli-test", expiration: "60" }),
  })
  return ((await response.json()) as { token: string }).token
}

describe("login, whoami, logout", () => {
  it("a built-in user from --password-stdin: profile files are 0600 and never hold the password", async () => {
    const { username, password } = emulator.accounts.publisher
    const login = await run(["login", "--portal", emulator.url, "--username", username, "--password-stdin"], {
      home: home.path,
      stdin: `${password}\n`,
    })
    expect(login.stderr).toBe("")
    expect(login.code).toBe(0)
    expect(login.stdout).toContain(`Signed in to ${emulator.url} as publisher_one (profile default, built-in user`)
    for (const file of ["profiles.json", "secrets.json", "profiles.key"]) {
      const path = join(profileDirectory(), file)
      expect(statSync(path).mode & 0o777, file).toBe(0o600)
      expect(readFileSync(path, "utf8"), file).not.toContain(password)
    }
    expect(statSync(profileDirectory()).mode & 0o777).toBe(0o700)

    const whoami = await run(["whoami", "--json"], { home: home.path })
    expect(whoami.code).toBe(0)
    expect(json(whoami)).toMatchObject({
      username: "publisher_one",
      role: "org_publisher",
      portal: emulator.url,
      profile: "default",
      auth: "builtInUser",
    })
  })

  it("a wrong password exits 3 with the portal's message in one line, and saves nothing", async () => {
    const result = await run(["login", "--portal", emulator.url, "--username", "publisher_one", "--password-stdin"], {
      home: home.path,
      stdin: "not-the-password",
    })
    expect(result.code).toBe(3)
    expect(result.stdout).toBe("")
    const lines = result.stderr.trim().split("\n")
    expect(lines[0]).toMatch(/^arcgis-portal: .*(code 400)/)
    expect(lines).toHaveLength(1)
    const whoami = await run(["whoami"], { home: home.path })
    expect(whoami.code).toBe(3)
  })

  it("whoami with no profile exits 3 and says how to sign in", async () => {
    const result = await run(["whoami"], { home: home.path })
    expect(result.code).toBe(3)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain('arcgis-portal: no profile named "default"')
    expect(result.stderr).toContain("arcgis-portal login --portal <url>")
  })

  it("an API key from ARCGIS_API_KEY, saved as a named profile chosen with ARCGIS_PROFILE", async () => {
    const login = await run(["login", "--portal", emulator.url, "--api-key", "--profile", "keyed"], {
      home: home.path,
      env: { ARCGIS_API_KEY: emulator.apiKey },
    })
    expect(login.code).toBe(0)
    expect(login.stdout).toContain("as publisher_one (profile keyed, API key")
    const viaEnv = await run(["whoami", "--json"], { home: home.path, env: { ARCGIS_PROFILE: "keyed" } })
    expect(json(viaEnv)).toMatchObject({ username: "publisher_one", profile: "keyed", auth: "apiKey" })
    // The default profile does not exist: the API key profile is only used when asked for.
    expect((await run(["whoami"], { home: home.path })).code).toBe(3)
  })

  it("a token you already have; once its --token-expires has passed, whoami refuses without sending it", async () => {
    const token = await generateToken(emulator.accounts.user)
    const login = await run(["login", "--portal", emulator.url, "--token", "--password-stdin"], {
      home: home.path,
      stdin: token,
    })
    expect(login.code).toBe(0)
    expect(json(await run(["whoami", "--json"], { home: home.path }))).toMatchObject({ username: "user_one" })

    // A token already past its expiry is refused before it is sent.
    const late = await run(
      ["login", "--portal", emulator.url, "--token", "--password-stdin", "--token-expires", "2020-01-01T00:00:00Z"],
      { home: home.path, stdin: token, env: { ARCGIS_PROFILE: "late" } },
    )
    expect(late.code).toBe(3)
    const soon = new Date(Date.now() + 2_000).toISOString()
    const expiring = await run(
      ["login", "--portal", emulator.url, "--token", "--password-stdin", "--token-expires", soon],
      {
        home: home.path,
        stdin: token,
      },
    )
    expect(expiring.code).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(soon) - Date.now() + 100)))
    emulator.clearRequestLog()
    const whoami = await run(["whoami"], { home: home.path })
    expect(whoami.code).toBe(3)
    expect(whoami.stderr).toContain(`expired on ${soon.slice(0, 10)}`)
    expect(emulator.requestLog()).toHaveLength(0)
  })

  it("logout forgets the profile and its secret", async () => {
    await signIn(emulator, home.path, "viewer")
    const logout = await run(["logout"], { home: home.path })
    expect(logout.code).toBe(0)
    expect(logout.stdout).toContain(`Signed out of ${emulator.url}`)
    expect(readFileSync(join(profileDirectory(), "secrets.json"), "utf8")).not.toContain('"default"')
    expect((await run(["whoami"], { home: home.path })).code).toBe(3)
    expect((await run(["logout"], { home: home.path })).code).toBe(3)
  })

  it("--portal that is not the profile's portal is a usage error: a profile's secret never goes elsewhere", async () => {
    await signIn(emulator, home.path)
    const result = await run(["whoami", "--profile", "default", "--portal", "https://elsewhere.example.com/portal"], {
      home: home.path,
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `profile "default" is for ${emulator.url}, not https://elsewhere.example.com/portal`,
    )
  })

  it("profiles list shows every profile and where its secret is, never the secret", async () => {
    await signIn(emulator, home.path)
    await signIn(emulator, home.path, "admin", "admin")
    const listed = await run(["profiles", "list", "--json"], { home: home.path })
    expect(json(listed)).toEqual([
      { name: "admin", url: emulator.url, auth: "builtInUser", username: "portal_admin", secretStore: "file" },
      { name: "default", url: emulator.url, auth: "builtInUser", username: "publisher_one", secretStore: "file" },
    ])
    const piped = await run(["profiles", "list"], { home: home.path })
    expect(piped.stdout.split("\n")[1]).toBe(`default\t${emulator.url}\tbuilt-in user\tpublisher_one\tfile`)
    expect(piped.stdout).not.toContain(emulator.accounts.admin.password)
  })

  it("on a terminal the password is asked for without echo", async () => {
    const { password } = emulator.accounts.publisher
    const result = await runOnTerminal(["login", "--portal", emulator.url, "--username", "publisher_one"], {
      home: home.path,
      answers: [{ when: /Password for publisher_one/, type: `${password}\r` }],
    })
    expect(result.output).toContain("Password for publisher_one")
    expect(result.output).not.toContain(password)
    expect(result.output).toContain("Signed in to")
    expect(result.code).toBe(0)
  })

  it("OAuth in the browser: the loopback sign-in is saved, used, and revoked by logout", async () => {
    let signedIn: Promise<number> | undefined
    const login = await run(["login", "--portal", emulator.url, "--oauth", "--client-id", emulator.app.clientId], {
      home: home.path,
      onStderr: (text) => {
        const url = /(https?:\/\/\S+\/oauth2\/authorize\S*)/.exec(text)?.[1]
        if (url !== undefined && signedIn === undefined) signedIn = playBrowser(url, emulator.accounts.user)
      },
    })
    expect(await signedIn).toBe(200)
    expect(login.code).toBe(0)
    expect(login.stdout).toContain("as user_one (profile default, OAuth")
    expect(json(await run(["whoami", "--json"], { home: home.path }))).toMatchObject({
      username: "user_one",
      auth: "oauth",
    })
    emulator.clearRequestLog()
    expect((await run(["logout"], { home: home.path })).code).toBe(0)
    expect(emulator.requestLog().map((entry) => entry.path)).toContain("/portal/sharing/rest/oauth2/revokeToken")
  })
})

describe("usage and errors", () => {
  it("an unknown flag, a missing argument and an unknown command exit 2 with one line and a pointer to --help", async () => {
    for (const args of [["whoami", "--bogus"], ["login", "--username"], ["nothing-like-this"]]) {
      const result = await run(args, { home: home.path })
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stdout, args.join(" ")).toBe("")
      const lines = result.stderr.trim().split("\n")
      expect(lines[0], args.join(" ")).toMatch(/^arcgis-portal: /)
      expect(lines.at(-1)).toMatch(/^Run 'arcgis-portal.* --help' for usage\.$/)
    }
  })

  it("two ways of signing in at once are a usage error", async () => {
    const result = await run(["login", "--portal", emulator.url, "--api-key", "--token"], { home: home.path })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("choose one way to sign in, not --api-key and --token")
  })

  it("--help exits 0 with a description and an example; --version prints the version", async () => {
    const help = await run(["login", "--help"], { home: home.path })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain("EXAMPLES")
    expect(help.stdout).toContain("arcgis-portal login --portal https://org.maps.arcgis.com --username jsmith")
    const version = await run(["--version"], { home: home.path })
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^arcgis-portal \d+\.\d+\.\d+/)
  })
})

describe("secrets never leak", () => {
  it("--verbose prints method, path and status of each request, and no password, API key or token", async () => {
    const { username, password } = emulator.accounts.admin
    const token = await generateToken(emulator.accounts.user)
    const outputs: Array<string> = []
    const record = (result: { stdout: string; stderr: string }) => outputs.push(result.stdout, result.stderr)
    const login = await run(
      ["login", "--verbose", "--portal", emulator.url, "--username", username, "--password-stdin"],
      { home: home.path, stdin: password },
    )
    record(login)
    expect(login.stderr).toMatch(/\[request\] POST \/portal\/sharing\/rest\/generateToken → 200 \d+ ms/)
    expect(login.stderr).toMatch(/\[request\] GET \/portal\/sharing\/rest\/portals\/self → 200/)
    record(await run(["whoami", "--verbose"], { home: home.path }))
    record(await run(["whoami", "--verbose", "--json"], { home: home.path }))
    record(
      await run(["login", "--verbose", "--portal", emulator.url, "--api-key", "--profile", "k"], {
        home: home.path,
        env: { ARCGIS_API_KEY: emulator.apiKey },
      }),
    )
    record(await run(["whoami", "--verbose", "--profile", "k"], { home: home.path }))
    record(
      await run(["login", "--verbose", "--portal", emulator.url, "--token", "--password-stdin", "--profile", "t"], {
        home: home.path,
        stdin: token,
      }),
    )
    record(await run(["whoami", "--verbose", "--profile", "t"], { home: home.path }))
    record(await run(["profiles", "list", "--verbose", "--json"], { home: home.path }))
    // A failure with --verbose: the failed request is named, never its credentials.
    const refused = await run(
      ["login", "--verbose", "--portal", emulator.url, "--username", username, "--password-stdin", "--profile", "x"],
      { home: home.path, stdin: `${password}-wrong` },
    )
    record(refused)
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/in .*POST .*generateToken/)
    const everything = outputs.join("\n")
    for (const secret of [password, `${password}-wrong`, emulator.apiKey, token])
      expect(everything.includes(secret)).toBe(false)
  })
})
