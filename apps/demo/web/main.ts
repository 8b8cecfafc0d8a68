/**
 * The browser demo: OAuth 2.0 with PKCE against the portal, the signed-in user's items with their
 * thumbnails, and sharing one with a group — all through the Effect services, in the browser.
 */
import { beginAuthorization, completeAuthorization } from "@arcgis-portal/auth-oauth"
import { Content, Items } from "@arcgis-portal/content"
import { Portal, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

interface Config {
  readonly portalUrl: string
  readonly clientId: string
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const status = (text: string) => {
  byId("status").textContent = text
}

const redirectUri = `${location.origin}/callback`

const start = async () => {
  const config = (await (await fetch("/config.json")).json()) as Config
  const url = new URL(location.href)
  if (!url.searchParams.has("code") && !url.searchParams.has("error")) {
    status("Not signed in.")
    const button = byId<HTMLButtonElement>("signin")
    button.hidden = false
    button.onclick = async () => {
      const request = await Effect.runPromise(
        beginAuthorization({ portalUrl: config.portalUrl, clientId: config.clientId, redirectUri }),
      )
      location.assign(request.url)
    }
    return
  }
  const auth = await Effect.runPromise(completeAuthorization({ callbackUrl: location.href }))
  history.replaceState(null, "", "/")
  const live = Layer.mergeAll(Content.layer, Items.layer).pipe(
    Layer.provideMerge(Portal.layer({ url: config.portalUrl, auth })),
  )
  const run = <A, E>(effect: Effect.Effect<A, E, Content.Content | Items.Items | Transport.Transport>) =>
    Effect.runPromise(Effect.provide(effect, live))

  const { username, groups } = await run(
    Effect.gen(function* () {
      const transport = yield* Transport.Transport
      return (yield* transport.json({ operation: "Web.me", method: "GET", path: "community/self" })) as {
        username: string
        groups: ReadonlyArray<{ id: string; title: string }>
      }
    }),
  )
  byId("who").textContent = `Signed in as ${username}`
  const select = byId<HTMLSelectElement>("group")
  for (const group of groups) select.add(new Option(group.title, group.id))
  byId("group-picker").hidden = false

  const items = await run(
    Effect.gen(function* () {
      const content = yield* Content.Content
      return yield* content.search(`owner:${username}`, { maxItems: 50, sortField: "title", sortOrder: "asc" })
    }),
  )
  status(`${items.length} items`)
  const list = byId("items")
  for (const item of items) {
    const row = document.createElement("li")
    row.dataset.itemId = item.id
    const image = document.createElement("img")
    image.alt = ""
    const title = document.createElement("span")
    title.className = "title"
    title.textContent = `${item.title} (${item.type})`
    const share = document.createElement("button")
    share.textContent = "Share"
    share.onclick = async () => {
      const result = await run(
        Effect.gen(function* () {
          const operations = yield* Items.Items
          return yield* operations.share(item, { groups: [select.value] })
        }),
      )
      byId("result").textContent =
        result.notSharedWith.length === 0
          ? `Shared "${item.title}" with ${select.selectedOptions[0]?.text}`
          : `Not shared: ${result.notSharedWith.join(", ")}`
    }
    row.append(image, title, share)
    list.append(row)
    if (item.thumbnail) {
      // Thumbnails of private items need the token: fetched through the SDK, shown as a blob URL.
      run(
        Effect.gen(function* () {
          const operations = yield* Items.Items
          const chunks = yield* Stream.runCollect(operations.downloadThumbnail(item))
          return new Blob(Array.from(chunks) as Array<Uint8Array<ArrayBuffer>>)
        }),
      ).then(
        (blob) => {
          image.src = URL.createObjectURL(blob)
        },
        () => undefined,
      )
    }
  }
}

start().catch((error: unknown) => status(`Failed: ${String(error)}`))
