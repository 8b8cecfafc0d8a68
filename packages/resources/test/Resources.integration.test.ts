import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Portal, type PortalRequest, Transport } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Resources } from "../src/index.ts"
import { NodeResources } from "../src/node/index.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const signIn = (account: SignIn.Account) => SignIn.generateToken(account, { referer: "resources-tests" })

const as = (account: { username: string; password: string }) =>
  Resources.layer().pipe(Layer.provideMerge(Portal.layer({ url: emulator.url, auth: signIn(account) })))

/** A fresh Web Map owned by the publisher (created through the Transport: this package does not depend on content). */
const newItem = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  const created = yield* transport.decode(
    {
      operation: "Test.addItem",
      method: "POST",
      path: `content/users/${emulator.accounts.publisher.username}/addItem`,
      params: { title: "Resources test map", type: "Web Map", tags: "test", text: { operationalLayers: [] } },
    },
    Schema.Struct({ id: Schema.String }),
  )
  return { id: created.id, owner: emulator.accounts.publisher.username }
})

describe("resources against the emulator", () => {
  it.live("add, list, get, update, remove, remove all", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      const added = yield* resources.add(item, { text: '{"theme":"dark"}', fileName: "config.json", folderName: "app" })
      expect(added.success).toBe(true)
      expect(added.itemId).toBe(item.id)
      yield* resources.add(item, {
        file: new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "logo.png", { type: "image/png" }),
        folderName: "images/2024",
      })
      yield* resources.add(item.id, { text: "hello", fileName: "notes.txt" })

      const listed = yield* resources.list(item)
      expect(listed.map((entry) => entry.resource).sort()).toEqual([
        "app/config.json",
        "images/2024/logo.png",
        "notes.txt",
      ])
      expect(listed.find((entry) => entry.resource === "notes.txt")?.size).toBe(5)

      const json = yield* resources.get(item, "app/config.json")
      expect(json).toMatchObject({ _tag: "Json", value: { theme: "dark" } })
      const notes = yield* resources.get(item, "notes.txt")
      expect(notes).toMatchObject({ _tag: "Text", text: "hello" })
      const logo = yield* resources.bytes(item, "images/2024/logo.png")
      const logoBytes = Array.from(yield* Stream.runCollect(logo.stream)).flatMap((chunk) => Array.from(chunk))
      expect(logoBytes).toEqual([137, 80, 78, 71, 13, 10, 26, 10])

      const updated = yield* resources.update(item, {
        text: '{"theme":"light"}',
        fileName: "config.json",
        folderName: "app",
      })
      expect(updated.success).toBe(true)
      expect(yield* resources.get(item, "app/config.json")).toMatchObject({ value: { theme: "light" } })

      expect(yield* resources.remove(item, "notes.txt")).toBe(true)
      expect((yield* resources.list(item)).map((entry) => entry.resource).sort()).toEqual([
        "app/config.json",
        "images/2024/logo.png",
      ])
      expect(yield* resources.remove(item, { deleteAll: true })).toBe(true)
      expect(yield* resources.list(item)).toEqual([])
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("a file name with a space is addressed correctly in the URL", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      yield* resources.add(item, { text: "spaced", fileName: "my notes.txt", folderName: "docs" })
      expect(yield* resources.get(item, "docs/my notes.txt")).toMatchObject({ _tag: "Text", text: "spaced" })
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("list follows nextStart across pages", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      for (let index = 0; index < 12; index++) {
        yield* resources.add(item, { text: String(index), fileName: `f${index}.txt` })
      }
      const listed = yield* resources.list(item)
      expect(listed).toHaveLength(12)
      expect(new Set(listed.map((entry) => entry.resource)).size).toBe(12)
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("portal errors come back typed: missing resource (404), another user's item", () =>
    Effect.gen(function* () {
      const item = yield* newItem.pipe(Effect.provide(as(emulator.accounts.publisher)))
      const missing = yield* Effect.flip(
        Effect.flatMap(Resources.Resources, (r) => r.get(item, "nothing.json")).pipe(
          Effect.provide(as(emulator.accounts.publisher)),
        ),
      )
      expect(missing._tag === "PortalError" && [missing.reason, missing.message]).toEqual([
        "NotFound",
        "Resource does not exist or is inaccessible.",
      ])
      const removeMissing = yield* Effect.flip(
        Effect.flatMap(Resources.Resources, (r) => r.remove(item, "nothing.json")).pipe(
          Effect.provide(as(emulator.accounts.publisher)),
        ),
      )
      expect(removeMissing._tag === "PortalError" && removeMissing.code).toBe(404)
      const foreign = yield* Effect.flip(
        Effect.flatMap(Resources.Resources, (r) => r.add(item, { text: "x", fileName: "x.txt" })).pipe(
          Effect.provide(as(emulator.accounts.user)),
        ),
      )
      expect(foreign._tag).toBe("PortalError")
    }),
  )

  it.live("invalid input never reaches the emulator", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      emulator.clearRequestLog()
      for (const path of ["../x.json", "/abs.json", "a//b.json", "a\\b.json", "a\u0000b.json", "..%2fx.json"]) {
        const error = yield* Effect.flip(resources.get(item, path))
        expect(error._tag).toBe("InvalidInput")
        const added = yield* Effect.flip(resources.add(item, { text: "x", fileName: path }))
        expect(added._tag).toBe("InvalidInput")
      }
      const exe = yield* Effect.flip(resources.add(item, { file: new File(["x"], "run.exe") }))
      expect(exe._tag).toBe("InvalidInput")
      expect(emulator.requestLog()).toHaveLength(0)
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("node: download a resource to a file", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      yield* resources.add(item, { text: '{"a":1}', fileName: "data.json", folderName: "exports" })
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "resources-it-")))
      try {
        const path = yield* NodeResources.download(item, "exports/data.json", {
          outFolder: dir,
          outFileName: "out.json",
        })
        expect(path).toBe(join(dir, "out.json"))
        expect(yield* Effect.promise(() => readFile(path, "utf8"))).toBe('{"a":1}')
      } finally {
        yield* Effect.promise(() => rm(dir, { recursive: true, force: true }))
      }
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )
})

describe("resource download progress against the emulator", () => {
  const size = 5 * 1024 * 1024 + 4_321
  const content = () => {
    const out = new Uint8Array(size)
    for (let index = 0; index < size; index++) out[index] = (index * 31 + 7) % 251
    return out
  }
  /** An item with a multi-MiB binary resource `tiles/big.pbf`. */
  const withBigResource = Effect.gen(function* () {
    const item = yield* newItem
    const resources = yield* Resources.Resources
    yield* resources.add(item, { file: new File([content()], "big.pbf"), folderName: "tiles" })
    return item
  })
  /** Each report at least the one before, the last with every byte, `total` the size (the emulator sends it). */
  const expectProgress = (progress: ReadonlyArray<PortalRequest.ByteProgress>) => {
    expect(progress.length).toBeGreaterThan(4)
    for (let index = 1; index < progress.length; index++) {
      expect(progress[index]!.bytes).toBeGreaterThanOrEqual(progress[index - 1]!.bytes)
    }
    expect(progress.filter((event) => event.bytes > 0 && event.bytes < size).length).toBeGreaterThan(3)
    expect(progress.at(-1)).toEqual({ bytes: size, total: size })
    for (const event of progress) expect(event.total).toBe(size)
  }

  it.live("bytes reports the bytes chunk by chunk as the stream is read", () =>
    Effect.gen(function* () {
      const item = yield* withBigResource
      const resources = yield* Resources.Resources
      const progress: Array<PortalRequest.ByteProgress> = []
      const response = yield* resources.bytes(item, "tiles/big.pbf", { onProgress: (event) => progress.push(event) })
      const received = yield* Transport.collectBytes(response.stream)
      // Byte for byte, compared natively: a deep toEqual over 5 MiB of elements takes tens of seconds on busy CPUs.
      expect(Buffer.from(received).equals(content()), `${received.byteLength} bytes received`).toBe(true)
      expectProgress(progress)
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("get (bound to the item) reports the bytes of a binary resource as its stream is read", () =>
    Effect.gen(function* () {
      const item = yield* withBigResource
      const resources = yield* Resources.Resources
      const progress: Array<PortalRequest.ByteProgress> = []
      const got = yield* resources.forItem(item).get("tiles/big.pbf", { onProgress: (event) => progress.push(event) })
      if (got._tag !== "Bytes") return expect.fail(`expected bytes, got ${got._tag}`)
      expect((yield* Transport.collectBytes(got.response.stream)).byteLength).toBe(size)
      expectProgress(progress)
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )

  it.live("node: download reports the bytes as they are written to the file", () =>
    Effect.gen(function* () {
      const item = yield* withBigResource
      const dir = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "resources-progress-")))
      const progress: Array<PortalRequest.ByteProgress> = []
      try {
        const path = yield* NodeResources.download(item, "tiles/big.pbf", {
          outFolder: dir,
          onProgress: (event) => progress.push(event),
        })
        expect((yield* Effect.promise(() => readFile(path))).byteLength).toBe(size)
        expectProgress(progress)
      } finally {
        yield* Effect.promise(() => rm(dir, { recursive: true, force: true }))
      }
    }).pipe(Effect.provide(as(emulator.accounts.publisher))),
  )
})
