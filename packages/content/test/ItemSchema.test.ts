import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { ItemSchema } from "../src/index.ts"

const directory = new URL("./fixtures/", import.meta.url)

/** Every documented response example and the schema of the endpoint that answers it. */
const schemaOf: Record<string, Schema.Top> = {
  "content/add-comment-1.json": ItemSchema.AddCommentResult,
  "content/add-part-1.json": ItemSchema.ItemOperationResult,
  "content/add-relationship-1.json": ItemSchema.Success,
  "content/can-delete-1.json": ItemSchema.ItemOperationResult,
  "content/can-delete-3.json": ItemSchema.ItemOperationResult,
  "content/comments-1.json": ItemSchema.CommentsResponse,
  "content/delete-folder-1.json": ItemSchema.FolderResult,
  "content/delete-item-1.json": ItemSchema.ItemOperationResult,
  "content/move-item-1.json": ItemSchema.MoveResult,
  "content/move-items-1.json": ItemSchema.BulkResult,
  "content/rating-1.json": ItemSchema.Rating,
  "content/restore-1.json": ItemSchema.ItemOperationResult,
  "content/share-item-1.json": ItemSchema.ShareResult,
  "content/share-items-1.json": ItemSchema.BulkResult,
  "content/unprotect-1.json": ItemSchema.ItemOperationResult,
  "content/unshare-item-1.json": ItemSchema.UnshareResult,
  "content/unshare-items-1.json": ItemSchema.BulkResult,
  "portal/is-service-name-available-1.json": ItemSchema.ServiceNameAvailability,
}

const fixtures = ["content", "portal"].flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, directory)).map((file) => `${folder}/${file}`),
)

describe("ItemSchema decodes the documented examples", () => {
  it("every fixture has a schema", () => {
    expect(fixtures.filter((file) => schemaOf[file] === undefined)).toEqual([])
    expect(fixtures.length).toBe(Object.keys(schemaOf).length)
  })

  for (const file of fixtures) {
    it(file, () => {
      const json: unknown = JSON.parse(readFileSync(new URL(file, directory), "utf8"))
      const schema = schemaOf[file]!
      const decoded = Schema.decodeUnknownSync(schema as Schema.Codec<unknown, unknown>)(json)
      // Unknown fields are kept: the decoded value is the example itself.
      expect(decoded).toEqual(json)
    })
  }

  it("an item keeps unknown fields and tolerates nulls", () => {
    const raw = {
      id: "0123456789abcdef0123456789abcdef",
      owner: "jsmith",
      title: "Parks",
      type: "Web Map",
      snippet: null,
      extent: [],
      properties: null,
      scoreCompleteness: 78,
    }
    expect(Schema.decodeUnknownSync(ItemSchema.Item)(raw)).toEqual(raw)
  })
})
