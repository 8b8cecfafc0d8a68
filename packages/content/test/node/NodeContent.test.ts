import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { NodeContent } from "../../src/node/index.ts"
import { bytes, item, itemId, portal } from "../helpers.ts"

const directory = mkdtempSync(join(tmpdir(), "content-node-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describe("NodeContent", () => {
  it.effect("downloadToFile writes the item's data to disk", () =>
    Effect.gen(function* () {
      const data = bytes(100_000)
      const fake = portal({
        [`GET content/items/${itemId}/data`]: { body: data, headers: { "content-type": "application/zip" } },
      })
      const path = join(directory, "data.zip")
      const written = yield* NodeContent.downloadToFile(item(), path).pipe(Effect.provide(fake.layer))
      expect(written).toBe(data.byteLength)
      expect(new Uint8Array(readFileSync(path))).toEqual(data)
    }),
  )

  it.effect("fileFromPath is a named File backed by the file", () =>
    Effect.gen(function* () {
      const path = join(directory, "parks.csv")
      writeFileSync(path, "a,b\n1,2\n")
      const file = yield* NodeContent.fileFromPath(path)
      expect(file.name).toBe("parks.csv")
      expect(yield* Effect.promise(() => file.text())).toBe("a,b\n1,2\n")
      const missing = yield* Effect.flip(NodeContent.fileFromPath(join(directory, "missing.csv")))
      expect(missing._tag).toBe("InvalidInput")
    }),
  )
})
