// The app of the consumer test (test/consumer.test.ts copies this folder into a temporary directory and installs
// the packed @arcgis-portal packages next to its own effect). Everything Effect-typed crosses between the app's
// effect and the SDK's: a password redacted by the app, layers and effects provided and run by the app, a stream
// collected by the app. With two copies of effect, tsc rejects this file and the sign-in fails at run time.
// The app does not install @arcgis-portal/auth-pki or @arcgis-portal/auth-proxy, the optional peers of
// @arcgis-portal/gis: every entry of gis (main, node, content) must typecheck and run without them.
import { builtInUser } from "@arcgis-portal/auth-token"
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { GIS } from "@arcgis-portal/gis"
import { GIS as ContentGIS, type RequestEvent } from "@arcgis-portal/gis/content"
import { GIS as NodeGIS } from "@arcgis-portal/gis/node"
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

interface Connection {
  readonly content: { search(query: string, options: { maxItems: number }): Promise<ReadonlyArray<unknown>> }
  close(): Promise<void>
}

const search = async (gis: Connection) => {
  try {
    return (await gis.content.search(`owner:${username}`, { maxItems: 5 })).length
  } finally {
    await gis.close()
  }
}

const promiseFace = await search(await GIS.connect({ url, username, password }))
const nodeFace = await search(await NodeGIS.connect({ url, username, password }))
// The content entry with a strategy the app composes itself, and a request log.
const requests: Array<RequestEvent> = []
const contentFace = await search(
  await ContentGIS.connect({
    url,
    auth: builtInUser({ username, password }),
    onRequest: (event) => requests.push(event),
  }),
)
console.log(
  JSON.stringify({ ...effectFace, promiseFace, nodeFace, contentFace, requests: requests.map((event) => event.path) }),
)
