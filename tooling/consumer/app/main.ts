// The app of the consumer test (test/consumer.test.ts copies this folder into a temporary directory and installs
// the packed @arcgis-portal packages next to its own effect). Everything Effect-typed crosses between the app's
// effect and the SDK's: a password redacted by the app, layers and effects provided and run by the app, a stream
// collected by the app. With two copies of effect, tsc rejects this file and the sign-in fails at run time.
import { builtInUser } from "@arcgis-portal/auth-token"
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { GIS } from "@arcgis-portal/gis"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

const url = process.env.PORTAL_URL ?? "http://127.0.0.1:7080/portal"
const username = process.env.PORTAL_USERNAME ?? "publisher_one"
const password = Redacted.make(process.env.PORTAL_PASSWORD ?? "")

const ContentLive = Content.layer.pipe(
  Layer.provideMerge(Portal.layer({ url, auth: builtInUser({ username, password }) })),
)

const program = Effect.gen(function* () {
  const content = yield* Content.Content
  const added = yield* content.add({
    properties: { title: "Consumer test map", type: "Web Map", tags: ["consumer-test"] },
    data: { text: { operationalLayers: [], baseMap: { baseMapLayers: [] }, version: "2.31" } },
  })
  const owned = yield* Stream.runCollect(content.searchAll(`owner:${username}`).pipe(Stream.take(3)))
  return { added: added.title, owned: owned.length }
})

const effectFace = await Effect.runPromise(program.pipe(Effect.provide(ContentLive)))

const gis = await GIS.connect({ url, username, password })
try {
  const found = await gis.content.search(`owner:${username}`, { maxItems: 5 })
  console.log(JSON.stringify({ ...effectFace, promiseFace: found.length }))
} finally {
  await gis.close()
}
