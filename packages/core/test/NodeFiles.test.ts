import { mkdtemp, readdir, readFile, truncate, writeFile as write } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { NodeFiles } from "../src/node/index.ts"
import { InvalidInput } from "../src/PortalError.ts"
import * as Upload from "../src/Upload.ts"

const directory = () => Effect.promise(() => mkdtemp(join(tmpdir(), "core-node-")))

describe("NodeFiles", () => {
  it.live("writeFile writes every chunk and returns the byte count", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "out.bin")
      const written = yield* NodeFiles.writeFile(Stream.make(new Uint8Array([1, 2]), new Uint8Array([3])), path)
      expect(written).toBe(3)
      expect([...(yield* Effect.promise(() => readFile(path)))]).toEqual([1, 2, 3])
    }),
  )

  it.live("a failed download leaves no file and no temporary file behind", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const failing = Stream.concat(
        Stream.make(new Uint8Array([1])),
        Stream.fail(new InvalidInput({ operation: "x", field: undefined, message: "broken" })),
      )
      const error = yield* Effect.flip(NodeFiles.writeFile(failing, join(dir, "out.bin")))
      expect(error._tag).toBe("InvalidInput")
      expect(yield* Effect.promise(() => readdir(dir))).toEqual([])
    }),
  )

  it.live("uploadFromPath slices the file into parts lazily, covering it exactly", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "in.bin")
      const data = new Uint8Array(2_500).map((_, index) => index % 256)
      yield* Effect.promise(() => write(path, data))
      const source = yield* NodeFiles.uploadFromPath(path)
      expect([source.name, source.size]).toEqual(["in.bin", 2_500])
      const parts: Array<Uint8Array> = []
      yield* Upload.uploadParts({
        source,
        partSize: 1_000,
        concurrency: 1,
        sendPart: (part) =>
          Effect.promise(async () => void parts.push(new Uint8Array(await part.content.arrayBuffer()))),
      })
      expect(parts.map((part) => part.byteLength)).toEqual([1_000, 1_000, 500])
      expect(new Uint8Array(parts.flatMap((part) => [...part]))).toEqual(data)
    }),
  )

  it.live("a file of 4 GiB or more, which Node's openAsBlob misreads, is refused instead of sent short", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "huge.bin")
      // Sparse: 4 GiB + 4 MiB on the file system, no disk blocks written.
      yield* Effect.promise(() =>
        truncate(path, 4 * 1024 ** 3 + 4 * 1024 ** 2).catch(async () => {
          await write(path, "")
          await truncate(path, 4 * 1024 ** 3 + 4 * 1024 ** 2)
        }),
      )
      const blob = yield* Effect.exit(NodeFiles.blobFromPath(path))
      if (blob._tag === "Success") {
        // A Node that reads it right: the size is the file's.
        expect(blob.value.size).toBe(4 * 1024 ** 3 + 4 * 1024 ** 2)
      } else {
        const error = yield* Effect.flip(NodeFiles.blobFromPath(path))
        expect(error._tag).toBe("InvalidInput")
        expect(error.message).toContain("uploadFromNodeStream")
      }
    }),
  )

  it.live("a missing file is InvalidInput, naming only the file", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(NodeFiles.blobFromPath("/definitely/not/here.bin"))
      expect(error.field).toBe("path")
      expect(error.message).toContain("here.bin")
    }),
  )
})
