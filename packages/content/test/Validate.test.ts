/**
 * The value rules Effect callers get too (the Promise facade relies on them): NUL anywhere in a string parameter,
 * oversize titles/descriptions/comments/folder titles/queries, malformed folder titles, group ids, usernames and
 * ratings are `InvalidInput` before any request.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Content, Items } from "../src/index.ts"
import { item, portal, self } from "./helpers.ts"

const huge = "x".repeat(100_000)

const refusedBy = <A, E>(use: Effect.Effect<A, E, Content.Content | Items.Items>) =>
  Effect.gen(function* () {
    const fake = portal({
      "portals/self": { json: self },
      "GET content/users/publisher_one": { json: { folders: [] } },
    })
    const error = yield* Effect.flip(use.pipe(Effect.provide(fake.layer)))
    const writes = fake.requests.filter((request) => request.method === "POST")
    return { error: error as { readonly _tag?: string; readonly field?: string }, writes: writes.length, fake }
  })

const content = <A, E>(f: (content: Content.ContentShape) => Effect.Effect<A, E>) => Effect.flatMap(Content.Content, f)
const items = <A, E>(f: (items: Items.ItemsShape) => Effect.Effect<A, E>) => Effect.flatMap(Items.Items, f)

describe("value rules before any request", () => {
  const cases: ReadonlyArray<
    readonly [string, string, Effect.Effect<unknown, unknown, Content.Content | Items.Items>]
  > = [
    [
      "add: NUL in a description",
      "description",
      content((c) => c.add({ properties: { title: "t", description: "a\0b" } })),
    ],
    [
      "add: 64 KB+ description",
      "description",
      content((c) => c.add({ properties: { title: "t", description: huge } })),
    ],
    [
      "add: NUL in any string property",
      "culture",
      content((c) => c.add({ properties: { title: "t", culture: "e\0n" } })),
    ],
    ["add: '../x' folder", "folder", content((c) => c.add({ properties: { title: "t" }, folder: "../x" }))],
    ["createFolder: NUL", "folder", content((c) => c.createFolder("a\0b"))],
    ["createFolder: 251 characters", "folder", content((c) => c.createFolder("f".repeat(251)))],
    ["createFolder: '../x'", "folder", content((c) => c.createFolder("../x"))],
    ["deleteFolder: '..%2Fx'", "folder", content((c) => c.deleteFolder("..%2Fx"))],
    ["deleteFolder: blank", "folder", content((c) => c.deleteFolder(" "))],
    ["deleteFolder: malformed owner", "owner", content((c) => c.deleteFolder("ok", { owner: "../x" }))],
    ["search: NUL", "query", content((c) => c.search("a\0b"))],
    ["search: 100,000 characters", "query", content((c) => c.search(huge))],
    ["addComment: NUL", "comment", items((i) => i.addComment(item(), "a\0b"))],
    ["addComment: 100,000 characters", "comment", items((i) => i.addComment(item(), huge))],
    ["addComment: empty", "comment", items((i) => i.addComment(item(), ""))],
    ["setRating: NaN", "rating", items((i) => i.setRating(item(), Number.NaN))],
    ["setRating: 6", "rating", items((i) => i.setRating(item(), 6))],
    ["share: NUL group", "groups", items((i) => i.share(item(), { groups: ["g\0"] }))],
    ["share: huge group", "groups", items((i) => i.share(item(), { groups: [huge] }))],
    ["unshare: comma in a group id", "groups", items((i) => i.unshare(item(), ["g1,g2"]))],
    [
      "share: a 64-character id that is not hexadecimal",
      "groups",
      items((i) => i.share(item(), { groups: ["g".repeat(64)] })),
    ],
    [
      "unshare: a group title (the facade resolves titles; the service takes ids)",
      "groups",
      items((i) => i.unshare(item(), ["Field crews"])),
    ],
    ["reassignTo: NUL username", "owner", items((i) => i.reassignTo(item(), "a\0b"))],
    ["reassignTo: huge username", "owner", items((i) => i.reassignTo(item(), huge))],
    ["reassignTo: '../x' target folder", "targetFolder", items((i) => i.reassignTo(item(), "user_two", "../x"))],
    ["move: '../x'", "folder", items((i) => i.move(item(), "../x"))],
    ["update: NUL in a snippet", "snippet", items((i) => i.update(item(), { properties: { snippet: "a\0" } }))],
  ]
  for (const [name, field, use] of cases) {
    it.effect(name, () =>
      Effect.gen(function* () {
        const { error, fake } = yield* refusedBy(use)
        expect(error).toMatchObject({ _tag: "InvalidInput", field })
        expect(fake.requests.filter((request) => !request.url.pathname.endsWith("/portals/self"))).toHaveLength(0)
      }),
    )
  }
})
