import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { Items } from "../src/index.ts"
import { bytes, folderId, item, itemId, otherId, params, portal, portalUrl, restUrl, self } from "./helpers.ts"

const withItems = <A, E>(f: (items: Items.ItemsShape) => Effect.Effect<A, E>) => Effect.flatMap(Items.Items, f)

const inFolder = item({ ownerFolder: folderId })
/** Group ids as the portal makes them (32 lowercase hexadecimal characters). */
const g1 = "11111111111111111111111111111111"
const g2 = "22222222222222222222222222222222"
const g9 = "99999999999999999999999999999999"
const ownerPath = `content/users/publisher_one/${folderId}/items/${itemId}`

describe("Items owner operations", () => {
  it.effect("share as the owner: everyone, org, groups and confirmItemControl on the owner-scoped URL", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST ${ownerPath}/share`]: { json: { notSharedWith: ["cc5f73ab367544d6b954d82cc9c6dab7"], itemId } },
      })
      const result = yield* withItems((items) =>
        items.share(inFolder, { org: true, groups: [g1, { id: g2 }], allowMembersToEdit: true }),
      ).pipe(Effect.provide(fake.layer))
      expect(result.notSharedWith).toEqual(["cc5f73ab367544d6b954d82cc9c6dab7"])
      expect(fake.requests[0]?.body).toEqual({
        f: "json",
        org: "true",
        groups: `${g1},${g2}`,
        confirmItemControl: "true",
      })
      expect(ScriptedFetch.tokenOf(fake.requests[0]!)).toBe("unit-test-token")
    }),
  )

  it.effect("share a public item with groups only through content/items/<id>/share, like Python", () =>
    Effect.gen(function* () {
      const fake = portal({ [`POST content/items/${itemId}/share`]: { json: { notSharedWith: [], itemId } } })
      yield* withItems((items) => items.share(item({ access: "public" }), { groups: [g1] })).pipe(
        Effect.provide(fake.layer),
      )
      expect(fake.requests[0]?.body).toEqual({ f: "json", groups: g1 })
    }),
  )

  it.effect("unshare: owner path for private items, group-admin path for public ones", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST ${ownerPath}/unshare`]: { json: { notUnsharedFrom: [g9], itemId } },
        [`POST content/items/${itemId}/unshare`]: { json: { notUnsharedFrom: [], itemId } },
      })
      const [own, admin] = yield* withItems((items) =>
        Effect.all([items.unshare(inFolder, [g1, g9]), items.unshare(item({ access: "public" }), [{ id: g1 }])]),
      ).pipe(Effect.provide(fake.layer))
      expect(own.notUnsharedFrom).toEqual([g9])
      expect(admin.notUnsharedFrom).toEqual([])
      expect(fake.requests.map((request) => [ScriptedFetch.route(request), request.body.groups])).toEqual([
        [`${ownerPath}/unshare`, `${g1},${g9}`],
        [`content/items/${itemId}/unshare`, g1],
      ])
    }),
  )

  it.effect("delete, protect, unprotect, reassignTo, canDelete", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST ${ownerPath}/delete`]: { json: { success: true, itemId } },
        [`POST ${ownerPath}/protect`]: { json: { success: true } },
        [`POST ${ownerPath}/unprotect`]: { json: { success: true, itemId } },
        [`POST ${ownerPath}/reassign`]: { json: { success: true, itemId } },
        [`POST content/users/publisher_one/items/${itemId}/canDelete`]: { json: { itemId, success: true } },
      })
      const results = yield* withItems((items) =>
        Effect.all([
          items.delete(inFolder, { permanentDelete: true }),
          items.protect(inFolder),
          items.protect(inFolder, false),
          items.reassignTo(inFolder, "user_one"),
          Effect.map(items.canDelete(inFolder), (result) => result.success),
        ]),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([true, true, true, true, true])
      expect(fake.requests.map((request) => request.method)).toEqual(["POST", "POST", "POST", "POST", "POST"])
      expect(fake.requests[0]?.body).toEqual({ f: "json", permanentDelete: "true" })
      expect(fake.requests[3]?.body).toEqual({ f: "json", targetUsername: "user_one", targetFolderName: "/" })
    }),
  )

  it.effect("move resolves a folder name in the owner's folders; `/` is the root", () =>
    Effect.gen(function* () {
      const fake = portal({
        "GET content/users/publisher_one": { json: { folders: [{ id: otherId, title: "Archive" }] } },
        [`POST content/users/publisher_one/items/${itemId}/move`]: {
          json: { success: true, itemId, owner: "publisher_one", folder: otherId },
        },
        [`POST ${ownerPath}/move`]: { json: { success: true, itemId, owner: "publisher_one", folder: null } },
      })
      const [moved, root] = yield* withItems((items) =>
        Effect.all([items.move(item(), "archive"), items.move(inFolder, "/")]),
      ).pipe(Effect.provide(fake.layer))
      expect(moved.folder).toBe(otherId)
      expect(root.success).toBe(true)
      expect(fake.to(`content/users/publisher_one/items/${itemId}/move`)[0]?.body.folder).toBe(otherId)
      expect(fake.to(`${ownerPath}/move`)[0]?.body.folder).toBe("/")
    }),
  )

  it.effect("status, proxies", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`GET content/users/publisher_one/items/${itemId}/status`]: { json: { status: "partial", itemId } },
        [`GET content/users/publisher_one/items/${itemId}/proxies`]: { json: { appProxies: [{ proxyId: "p" }] } },
      })
      const [status, proxies] = yield* withItems((items) =>
        Effect.all([items.status(inFolder, { jobId: "j1", jobType: "publish" }), items.proxies(inFolder)]),
      ).pipe(Effect.provide(fake.layer))
      expect(status.status).toBe("partial")
      expect(proxies).toEqual([{ proxyId: "p" }])
      expect(params(fake.requests[0]!)).toMatchObject({ jobId: "j1", jobType: "publish" })
    }),
  )

  it.effect("update sends only the given properties and text, then reads the item again", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST ${ownerPath}/update`]: { json: { success: true, id: itemId } },
        [`GET content/items/${itemId}`]: { json: item({ title: "New" }) },
      })
      const updated = yield* withItems((items) =>
        items.update(inFolder, {
          properties: { title: "New", typeKeywords: ["a", "b"] },
          data: { text: "hello" },
          thumbnail: new File([bytes(4)], "t.jpg"),
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(updated.title).toBe("New")
      const [request] = fake.to(`${ownerPath}/update`)
      expect(request?.body).toEqual({ f: "json", title: "New", typeKeywords: "a,b", text: "hello" })
      expect(request?.files.thumbnail?.fileName).toBe("t.jpg")
    }),
  )

  it.live("update with a large Blob uses the multipart flow on the item itself", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST ${ownerPath}/update`]: { json: { success: true, id: itemId } },
        [`POST content/users/publisher_one/items/${itemId}/addPart`]: { json: { success: true, id: itemId } },
        [`POST content/users/publisher_one/items/${itemId}/commit`]: { json: { success: true, id: itemId } },
        [`GET content/users/publisher_one/items/${itemId}/status`]: { json: { status: "completed", itemId } },
        [`GET content/items/${itemId}`]: { json: item() },
      })
      yield* withItems((items) =>
        items.update(inFolder, {
          properties: { title: "Bigger" },
          data: new File([bytes(5000)], "v2.csv"),
          multipartThreshold: 1000,
          partSize: 2000,
          wait: { schedule: Schedule.spaced(1) },
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(fake.to(`${ownerPath}/update`)[0]?.body).toEqual({ f: "json", multipart: "true", filename: "v2.csv" })
      expect(fake.to(`content/users/publisher_one/items/${itemId}/addPart`)).toHaveLength(3)
      expect(fake.to(`content/users/publisher_one/items/${itemId}/commit`)[0]?.body).toEqual({
        f: "json",
        title: "Bigger",
      })
    }),
  )
})

describe("Items comments, ratings, relationships", () => {
  it.effect("addComment returns the id; comments reads every page", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`POST content/items/${itemId}/addComment`]: {
          json: { success: true, commentId: "722286f355424f5bb87f95464d216bac" },
        },
        [`GET content/items/${itemId}/comments`]: (request) => {
          const start = Number(request.url.searchParams.get("start"))
          return {
            json: {
              total: 2,
              start,
              num: 1,
              nextStart: start === 1 ? 2 : -1,
              comments: [{ id: `c${start}`, owner: "u", created: 1, comment: `text ${start}` }],
            },
          }
        },
      })
      const [id, comments] = yield* withItems((items) =>
        Effect.all([items.addComment(item(), "Nice"), items.comments(item())]),
      ).pipe(Effect.provide(fake.layer))
      expect(id).toBe("722286f355424f5bb87f95464d216bac")
      expect(comments.map((comment) => comment.comment)).toEqual(["text 1", "text 2"])
      expect(fake.requests[0]?.body).toEqual({ f: "json", comment: "Nice" })
    }),
  )

  it.effect("rating, setRating, deleteRating", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`GET content/items/${itemId}/rating`]: (_, count) => ({ json: count === 0 ? { rating: 4, created: 1 } : {} }),
        [`POST content/items/${itemId}/addRating`]: { json: { success: true } },
        [`POST content/items/${itemId}/deleteRating`]: { json: { success: true } },
      })
      const results = yield* withItems((items) =>
        Effect.all([
          items.rating(item()),
          items.setRating(item(), 4.5),
          items.deleteRating(item()),
          items.rating(item()),
        ]),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([4, true, true, undefined])
      expect(fake.requests[1]?.body).toEqual({ f: "json", rating: "4.5" })
    }),
  )

  it.effect("addRelationship, deleteRelationship, relatedItems, dependentTo, dependentUpon", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "POST content/users/publisher_one/addRelationship": { json: { success: true } },
        "POST content/users/publisher_one/deleteRelationship": { json: { success: true } },
        [`GET content/items/${itemId}/relatedItems`]: { json: { total: 1, relatedItems: [item({ id: otherId })] } },
        [`GET content/items/${itemId}/dependencies`]: { json: { total: 0, list: [] } },
        [`GET content/items/${itemId}/dependencies/listDependentsTo`]: {
          json: { list: [{ dependencyType: "id", id: otherId }] },
        },
      })
      const results = yield* withItems((items) =>
        Effect.all([
          items.addRelationship(item(), otherId, "Map2Service"),
          items.deleteRelationship(item(), { id: otherId }, "Map2Service"),
          Effect.map(items.relatedItems(item(), "Map2Service", "reverse"), (found) => found.map((one) => one.id)),
          Effect.map(items.dependentUpon(item()), (found) => found.list),
          Effect.map(items.dependentTo(item()), (found) => found.list),
        ]),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([true, true, [otherId], [], [{ dependencyType: "id", id: otherId }]])
      const relationship = { originItemId: itemId, destinationItemId: otherId, relationshipType: "Map2Service" }
      expect(fake.to("content/users/publisher_one/addRelationship")[0]?.body).toEqual({ f: "json", ...relationship })
      expect(fake.to("content/users/publisher_one/deleteRelationship")[0]?.body).toEqual({ f: "json", ...relationship })
      expect(params(fake.to(`content/items/${itemId}/relatedItems`)[0]!)).toMatchObject({
        relationshipType: "Map2Service",
        relationshipTypes: "Map2Service",
        direction: "reverse",
      })
    }),
  )
})

describe("Items data, thumbnails, metadata", () => {
  it.effect("download streams the data's bytes", () =>
    Effect.gen(function* () {
      const data = bytes(70_000)
      const fake = portal({
        [`GET content/items/${itemId}/data`]: {
          body: data,
          headers: { "content-type": "application/octet-stream" },
        },
      })
      const chunks = yield* withItems((items) => Stream.runCollect(items.download(item()))).pipe(
        Effect.provide(fake.layer),
      )
      const joined = new Uint8Array(Array.from(chunks).reduce((sum, chunk) => sum + chunk.byteLength, 0))
      let offset = 0
      for (const chunk of chunks) {
        joined.set(chunk, offset)
        offset += chunk.byteLength
      }
      expect(joined).toEqual(data)
    }),
  )

  it.effect("getData: JSON parsed, text as text, binary as bytes, nothing as empty", () =>
    Effect.gen(function* () {
      const replies = [
        { body: '{"a":1}', headers: { "content-type": "application/json" } },
        { body: "a,b\n1,2\n", headers: { "content-type": "text/csv" } },
        { body: new Uint8Array([0, 159, 146, 150]), headers: { "content-type": "image/png" } },
        { body: "", headers: { "content-type": "application/octet-stream" } },
        { body: '{"a":1}', headers: { "content-type": "application/json" } },
      ]
      const fake = portal({ [`GET content/items/${itemId}/data`]: (_, count) => replies[count]! })
      const results = yield* withItems((items) =>
        Effect.all([
          items.getData(item()),
          items.getData(item()),
          items.getData(item()),
          items.getData(item()),
          items.getData(item(), { tryJson: false }),
        ]),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([
        { kind: "json", json: { a: 1 } },
        { kind: "text", text: "a,b\n1,2\n" },
        { kind: "bytes", bytes: new Uint8Array([0, 159, 146, 150]), contentType: "image/png" },
        { kind: "empty" },
        { kind: "text", text: '{"a":1}' },
      ])
    }),
  )

  it.live("thumbnail bytes and link; metadata text, undefined when missing; homepage", () =>
    Effect.gen(function* () {
      const withThumbnail = item({ thumbnail: "thumbnail/my pic.png" })
      const fake = portal({
        [`GET content/items/${itemId}/info/thumbnail/my%20pic.png`]: {
          body: new Uint8Array([1, 2, 3]),
          headers: { "content-type": "image/png" },
        },
        [`GET content/items/${itemId}/info/metadata/metadata.xml`]: (_, count) =>
          count === 0
            ? { body: "<metadata/>", headers: { "content-type": "text/xml" } }
            : { status: 500, body: "no metadata", headers: { "content-type": "text/plain" } },
      })
      const results = yield* withItems((items) =>
        Effect.all([
          items.getThumbnail(withThumbnail),
          items.getThumbnail(item()),
          items.metadata(item()),
          items.metadata(item()),
          Effect.succeed(items.getThumbnailLink(withThumbnail)),
          Effect.succeed(items.getThumbnailLink(item())),
          Effect.succeed(items.homepage(item())),
        ]),
      ).pipe(Effect.provide(fake.layer))
      expect(results).toEqual([
        new Uint8Array([1, 2, 3]),
        undefined,
        "<metadata/>",
        undefined,
        `${restUrl}/content/items/${itemId}/info/thumbnail/my%20pic.png`,
        undefined,
        `${portalUrl}/home/item.html?id=${itemId}`,
      ])
    }),
  )
})

describe("Items.canDelete", () => {
  it.effect("a `success: false` answer with an error is data; a 403 still fails", () =>
    Effect.gen(function* () {
      const path = `content/users/publisher_one/items/${itemId}/canDelete`
      const protectedAnswer = portal({
        [`POST ${path}`]: {
          json: {
            itemId,
            success: false,
            error: { code: 400, messageCode: "CONT_0044", message: "Delete protection is turned on.", details: [] },
          },
        },
      })
      const result = yield* withItems((items) => items.canDelete(item())).pipe(Effect.provide(protectedAnswer.layer))
      expect(result).toEqual({
        itemId,
        success: false,
        error: { code: 400, messageCode: "CONT_0044", message: "Delete protection is turned on.", details: [] },
      })
      const forbidden = portal({
        [`POST ${path}`]: { json: { error: { code: 403, messageCode: "GWM_0003", message: "No.", details: [] } } },
      })
      const error = yield* Effect.flip(
        withItems((items) => items.canDelete(item())).pipe(Effect.provide(forbidden.layer)),
      )
      expect(error).toMatchObject({ _tag: "PortalError", reason: "Forbidden" })
    }),
  )
})
