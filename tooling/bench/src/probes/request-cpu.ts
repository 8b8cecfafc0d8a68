/**
 * CPU per `Content.get` in process, over a fetch that answers at once: the SDK's own per-request cost, without the
 * network or the server (what B3's ratio is made of, with far less noise than B3 on a shared machine). Run it
 * interleaved with another build to compare (`node src/probes/request-cpu.ts`, prints µs of CPU per request).
 */
import { Content } from "@arcgis-portal/content"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"

const id = "0123456789abcdef0123456789abcdef"
const item = JSON.stringify({ id, owner: "me", title: "t", type: "Web Map", created: 1, modified: 1, tags: ["a"] })
const instant: typeof globalThis.fetch = async () =>
  new Response(item, { headers: { "content-type": "application/json" } })
const auth: AuthStrategy.AuthStrategy = {
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make("token"), expires: undefined }),
}
const runtime = ManagedRuntime.make(
  Content.layer.pipe(Layer.provideMerge(Portal.layer({ url: "https://portal.test/portal", auth, fetch: instant }))),
)
const get = Effect.flatMap(Content.Content, (content) => content.get(id))
const warmup = 3_000
const requests = 20_000
for (let index = 0; index < warmup; index++) await runtime.runPromise(get)
const before = process.cpuUsage()
for (let index = 0; index < requests; index++) await runtime.runPromise(get)
const used = process.cpuUsage(before)
console.log(`${((used.user + used.system) / requests).toFixed(1)} µs of CPU per Content.get (${requests} requests)`)
await runtime.dispose()
