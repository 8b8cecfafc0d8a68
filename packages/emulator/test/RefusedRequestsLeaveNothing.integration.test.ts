/**
 * Refused requests leave nothing behind: a group creation refused after its thumbnail arrived leaves no thumbnail
 * folder, a truncated multipart body no uploaded file, and a parameter nested too deeply to walk is a 400 envelope
 * (not a 500) with nothing stored.
 */
import { existsSync, readdirSync } from "node:fs"
import { request } from "node:http"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle | undefined

afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

const start = async () => {
  const started = await startEmulator()
  emulator = started
  return { emulator: started, api: client(started) }
}

const listing = (dir: string): Array<string> => (existsSync(dir) ? readdirSync(dir) : [])

/** Waits until `check` holds (file removal may finish just after the response). */
const eventually = async (check: () => boolean, ms = 2_000) => {
  const until = Date.now() + ms
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
  return check()
}

describe("refused requests leave nothing behind", () => {
  it("a failed group creation leaves no orphan thumbnail folder", async () => {
    const { emulator, api } = await start()
    const publisher = await api.signIn(emulator.accounts.publisher)
    const png = new Uint8Array([137, 80, 78, 71, 1, 2, 3])
    const create = () =>
      api.json("community/createGroup", {
        params: { title: "Thumbnail twins", tags: "x" },
        files: { thumbnail: [new Blob([png]), "thumb.png"] },
        token: publisher,
      })
    const first = await create()
    expect(first.success).toBe(true)
    const second = await create()
    expect(second.error.code).toBe(400)
    expect(listing(join(emulator.dataDir, "groups"))).toEqual([first.group.id])
  })

  it("a truncated multipart body answers an error envelope and leaves no uploaded file behind", async () => {
    const { emulator, api } = await start()
    const publisher = await api.signIn(emulator.accounts.publisher)
    const boundary = "----review-fixes-boundary"
    // A file part with a good start but no closing boundary: the parse fails after the file was opened.
    const body = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="title"',
        "",
        "truncated",
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="data.bin"',
        "Content-Type: application/octet-stream",
        "",
        "x".repeat(200_000),
      ].join("\r\n"),
    )
    const url = new URL(`${emulator.restUrl}/content/users/publisher_one/addItem?f=json`)
    const answer = await new Promise<{ status: number; json: Json }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            "content-type": `multipart/form-data; boundary=${boundary}`,
            "content-length": String(body.byteLength),
            "x-esri-authorization": `Bearer ${publisher}`,
          },
        },
        (res) => {
          const chunks: Array<Buffer> = []
          res.on("data", (chunk: Buffer) => chunks.push(chunk))
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json }),
          )
          res.on("error", reject)
        },
      )
      req.on("error", reject)
      req.end(body)
    })
    expect(answer.status).not.toBe(500)
    expect(answer.json.error.code).toBe(400)
    expect(await eventually(() => listing(join(emulator.dataDir, "uploads")).length === 0)).toBe(true)
  })

  it("a parameter nested too deeply to walk is a 400 envelope, not a 500, and nothing is stored", async () => {
    const { emulator, api } = await start()
    const admin = await api.signIn(emulator.accounts.admin)
    const bomb = `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`
    const answer = await api.json("portals/self/update", { token: admin, params: { properties: bomb } })
    expect(answer.error.code).toBe(400)
    expect(emulator.requestLog().some((entry) => entry.errorCode === 500)).toBe(false)
    const self = await api.json("portals/self", { token: admin })
    expect(self.error).toBeUndefined()
    expect(JSON.stringify(self).length).toBeLessThan(100_000) // the bomb was not stored
  })
})
