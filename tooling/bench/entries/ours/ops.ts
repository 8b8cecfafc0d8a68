// The operations of the bundle-weight entries, written as an application would with our SDK.
import { Content } from "@arcgis-portal/content"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { Groups, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const portalUrl = "https://www.arcgis.com"

/** An API key, as `apiKey` of @arcgis-portal/auth-token does it. */
const apiKey = (key: string): AuthStrategy.AuthStrategy => ({
  name: "apiKey",
  acquire: () => Effect.succeed({ token: Redacted.make(key), expires: undefined }),
})

export const portal = (key: string) => Portal.layer({ url: portalUrl, auth: apiKey(key) })

/** (a) search items with an API key. */
export const searchItems = (q: string) => Effect.flatMap(Content.Content, (content) => content.search(q))

/** One more content call (the marginal cost of a further operation). */
export const getItem = (id: string) => Effect.flatMap(Content.Content, (content) => content.get(id))

/** (b) a multipart upload. */
export const upload = (file: File) =>
  Effect.flatMap(Content.Content, (content) =>
    content.add({ properties: { title: file.name, type: "CSV" }, data: file, multipartThreshold: 0 }),
  )

/** (c) get user + search groups. */
export const userAndGroups = (username: string) =>
  Effect.all([
    Effect.flatMap(Users.Users, (users) => users.get(username)),
    Effect.flatMap(Groups.Groups, (groups) => groups.search({ query: "owner:esri" })),
  ])

export const contentLayer = (key: string) => Content.layer.pipe(Layer.provideMerge(portal(key)))
export const usersLayer = (key: string) =>
  Layer.mergeAll(Users.layer, Groups.layer).pipe(Layer.provideMerge(portal(key)))
export const allLayer = (key: string) =>
  Layer.mergeAll(Content.layer, Users.layer, Groups.layer).pipe(Layer.provideMerge(portal(key)))
