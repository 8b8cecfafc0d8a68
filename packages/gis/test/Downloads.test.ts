/** Python's `None` for nothing to download: the first bytes decide, and every byte after them is written. */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { fileNameOf, saveUnlessEmpty } from "../src/internal/downloads.ts"
import type { FileSystem } from "../src/internal/session.ts"

/** A file system that keeps what it is asked to write. */
const memory = () => {
  const written: Array<{ readonly name: string; readonly bytes: Array<number> }> = []
  const files: FileSystem = {
    read: () => Effect.die("not used"),
    write: (stream, _folder, name) =>
      Effect.map(Stream.runCollect(stream), (chunks) => {
        written.push({ name, bytes: [...chunks].flatMap((chunk) => [...chunk]) })
        return `/memory/${name}`
      }),
  }
  return { files, written }
}

const bytes = (...values: Array<number>) => Uint8Array.from(values)

describe("saveUnlessEmpty", () => {
  it("writes every chunk, in order, when there are bytes (several chunks, several batches, empty ones between)", async () => {
    const { files, written } = memory()
    const stream = Stream.fromArrays([bytes(), bytes(1, 2), bytes(3)], [bytes(4), bytes(), bytes(5, 6)])
    expect(await Effect.runPromise(saveUnlessEmpty(files, stream, undefined, "data.bin"))).toBe("/memory/data.bin")
    expect(written).toEqual([{ name: "data.bin", bytes: [1, 2, 3, 4, 5, 6] }])
  })

  it("writes nothing and resolves undefined when the stream has no bytes at all", async () => {
    const { files, written } = memory()
    const stream = Stream.fromArrays([bytes(), bytes()], [bytes()])
    expect(await Effect.runPromise(saveUnlessEmpty(files, stream, undefined, "empty.bin"))).toBeUndefined()
    expect(written).toEqual([])
  })

  it("a failure `missing` recognises is undefined; any other failure stays a failure", async () => {
    const { files } = memory()
    const gone = new PortalError.InvalidInput({ operation: "t", field: undefined, message: "gone" })
    const other = new PortalError.InvalidInput({ operation: "t", field: undefined, message: "other" })
    const missing = (error: PortalError.PortalFailure) => error.message === "gone"
    expect(await Effect.runPromise(saveUnlessEmpty(files, Stream.fail(gone), undefined, "m.xml", missing))).toBe(
      undefined,
    )
    await expect(
      Effect.runPromise(saveUnlessEmpty(files, Stream.fail(other), undefined, "m.xml", missing)),
    ).rejects.toMatchObject({ message: "other" })
  })
})

describe("fileNameOf", () => {
  it("takes the first usable candidate (name, then title), keeping it as the portal has it", () => {
    expect(fileNameOf([undefined, "Parks 2024"], "id")).toBe("Parks 2024")
    expect(fileNameOf(["places_2024.csv", "Places"], "id")).toBe("places_2024.csv")
    expect(fileNameOf([null, ""], "0123")).toBe("0123")
  })

  it("replaces what no file system takes, and never yields a path", () => {
    expect(fileNameOf(['a/b\\c:d*e?f"g<h>i|j'], "id")).toBe("a_b_c_d_e_f_g_h_i_j")
    expect(fileNameOf(["..", "."], "id")).toBe("id")
    expect(fileNameOf(["line\nbreak\u0000"], "id")).toBe("line_break_")
  })
})
