// The operations of the bundle-weight entries written with the packages' operations faces
// (`@arcgis-portal/content/operations`, `@arcgis-portal/users-groups-roles/operations`: module-level functions, so a
// bundler keeps only those a program imports).
import { add, get, search } from "@arcgis-portal/content/operations"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { getUser, searchGroups } from "@arcgis-portal/users-groups-roles/operations"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const portalUrl = "https://www.arcgis.com"

/** An API key, as `apiKey` of @arcgis-portal/auth-token does it. */
const apiKey = (key: string): AuthStrategy.AuthStrategy => ({
  name: "apiKey",
  acquire: () => Effect.succeed({ token: Redacted.make(key), expires: undefined }),
})

/** What every operation of this face requires: `Portal.layer` alone. */
export const portal = (key: string) => Portal.layer({ url: portalUrl, auth: apiKey(key) })

/** (a) search items with an API key. */
export const searchItems = (q: string) => search(q)

/** One more content call (the marginal cost of a further operation). */
export const getItem = (id: string) => get(id)

/** (b) a multipart upload. */
export const upload = (file: File) =>
  add({ properties: { title: file.name, type: "CSV" }, data: file, multipartThreshold: 0 })

/** (c) get user + search groups (as rest-js's getUser and searchGroups). */
export const userAndGroups = (username: string) =>
  Effect.all([getUser(username), searchGroups({ query: "owner:esri" })])
