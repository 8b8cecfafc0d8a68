import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"

let emulator: EmulatorHandle
let token = ""

beforeAll(async () => {
  emulator = await startEmulator()
  const response = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", username: "portal_admin", password: "admin-pass-local" }),
  })
  token = ((await response.json()) as { token: string }).token
})
afterAll(async () => {
  await emulator.stop()
})

const endpoints = [
  "",
  "info",
  "generateToken",
  "oauth2/token",
  "portals/self",
  "portals/self/update",
  "community/self",
  "community/users/publisher_one",
  "community/users/%00",
  "community/users/..%2F..%2Fetc",
  "content/users/publisher_one",
  "content/users/publisher_one/00000000000000000000000000000000",
  "content/users/nobody",
  "content/users/publisher_one/addItem",
  "content/users/publisher_one/createFolder",
  "content/users/publisher_one/shareItems",
  "content/users/publisher_one/00000000000000000000000000000000/delete",
  "content/users/publisher_one/items/00000000000000000000000000000000",
  "content/users/publisher_one/items/00000000000000000000000000000000/update",
  "content/users/publisher_one/items/00000000000000000000000000000000/addPart",
  "content/items/00000000000000000000000000000000",
  "content/items/00000000000000000000000000000000/data",
  "content/items/zzz/info/../../portal.sqlite",
  "content/items/%zz%E0%A4%A",
  "search",
  "content/items/00000000000000000000000000000000/comments",
  "content/items/00000000000000000000000000000000/addComment",
  "content/items/00000000000000000000000000000000/addRating",
  "content/items/00000000000000000000000000000000/relatedItems",
  "content/users/publisher_one/addRelationship",
  "content/users/publisher_one/publish",
  "content/users/publisher_one/export",
  "content/users/publisher_one/createService",
  "portals/self/isServiceNameAvailable",
  "content/features/analyze",
  "content/features/generate",
  "content/users/publisher_one/items/00000000000000000000000000000000/addResources",
  "content/items/00000000000000000000000000000000/resources",
  "content/items/00000000000000000000000000000000/resources/a/../../b.json",
  "portals/self/servers",
  "community/users",
  "community/createGroup",
  "community/groups",
  "community/users/user_one/update",
  "community/users/user_one/notifications",
  "portals/self/createRole",
  "portals/self/roles",
  "portals/self/updateUserRole",
  "oauth2/authorize",
  "oauth2/token",
  "oauth2/revokeToken",
  "../../../server/admin/data/registerItem",
  "../../../server/admin/data/findItems",
  "../../../server/admin/data/validateDataItem",
  "../../../server/admin/data/items/fileShares/x/edit",
  "../../../server/admin/data/config/update",
  "../../../server/rest/services/Hosted/x/FeatureServer",
  "../../portaladmin/security/users/createUser",
  "../server/rest/info",
  "../../server/rest/services/Hosted/x/FeatureServer/0",
  "no/such/path",
]

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "",
    "\u0000",
    "{",
    "[1,2",
    '{"a":',
    "null",
    "true",
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%zz",
    "<script>",
  ),
  fc.json(),
  fc.integer().map(String),
  fc.nat(3_000).map((n) => "x".repeat(n)),
  // JSON bombs: deep nesting, wide arrays, a huge number of keys, huge numbers.
  fc.constantFrom(
    `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
    `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`,
    `[${Array.from({ length: 50_000 }, () => "0").join(",")}]`,
    `{${Array.from({ length: 20_000 }, (_, index) => `"k${index}":${index}`).join(",")}}`,
    `{"xmin":1e308,"ymin":-1e308,"xmax":${"9".repeat(400)},"ymax":0}`,
  ),
)
const names = fc.oneof(
  fc.constantFrom(
    "f",
    "token",
    "username",
    "password",
    "expiration",
    "client",
    "referer",
    "ip",
    "grant_type",
    "client_id",
    "client_secret",
    "serverUrl",
    "name",
    "description",
    "defaultExtent",
    "featuredGroups",
    "clearEmptyFields",
    "q",
    "num",
    "start",
  ),
  fc.string({ maxLength: 12 }),
)
const request = fc.record({
  endpoint: fc.constantFrom(...endpoints),
  method: fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE"),
  encoding: fc.constantFrom("form", "multipart", "json", "garbage", "truncated-multipart"),
  params: fc.array(fc.tuple(names, nasty), { maxLength: 8 }),
  authenticated: fc.boolean(),
})

type Input = typeof request extends fc.Arbitrary<infer T> ? T : never

const send = async ({ endpoint, method, encoding, params, authenticated }: Input) => {
  const all: Array<[string, string]> = [...params]
  if (authenticated) all.push(["token", token])
  const url = new URL(`${emulator.restUrl}/${endpoint}`)
  let body: BodyInit | undefined
  const headers: Record<string, string> = {}
  if (method === "GET") for (const [name, value] of all) url.searchParams.append(name, value)
  else if (encoding === "form") body = new URLSearchParams(all)
  else if (encoding === "json") {
    body = JSON.stringify(Object.fromEntries(all))
    headers["content-type"] = "application/json"
  } else if (encoding === "garbage") {
    body = new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x22])
    headers["content-type"] = "application/x-www-form-urlencoded"
  } else if (encoding === "truncated-multipart") {
    body = `--XYZ\r\nContent-Disposition: form-data; name="f"\r\n\r\njson\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nabc`
    headers["content-type"] = "multipart/form-data; boundary=XYZ"
  } else {
    const form = new FormData()
    for (const [name, value] of all) form.append(name, value)
    form.append("file", new Blob([new Uint8Array(64)]), "x.bin")
    body = form
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) })
  return { status: response.status, text: await response.text() }
}

describe("emulator fuzz", () => {
  it("random parameters at every endpoint: no 500, always JSON, never an unexpected error", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const { status, text } = await send(input)
        expect(status).not.toBe(500)
        const parsed = JSON.parse(text) as { error?: { code?: number } }
        expect(parsed.error?.code).not.toBe(500)
      }),
      { numRuns: 400 },
    )
    expect(emulator.requestLog().filter((entry) => entry.errorCode === 500)).toEqual([])
    const alive = await fetch(`${emulator.restUrl}/?f=json`)
    expect(((await alive.json()) as { currentVersion?: string }).currentVersion).toBeTypeOf("string")
  })

  it("a URL too long for the HTTP parser: a JSON error envelope, not Node's empty 431", async () => {
    const response = await fetch(`${emulator.restUrl}/search?f=json&q=${"x".repeat(40_000)}`)
    expect(response.status).toBe(431)
    const parsed = (await response.json()) as { error?: { code?: number; message?: string } }
    expect(parsed.error?.code).toBe(400)
    expect(parsed.error?.message).toContain("POST")
    const alive = await fetch(`${emulator.restUrl}/?f=json`)
    expect(alive.status).toBe(200)
  })
})
