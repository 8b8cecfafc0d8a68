/**
 * `GET community/users/<u>/info/<thumbnail>` — the bytes of a user's thumbnail (Python
 * `arcgis.gis.User.get_thumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"

/** The thumbnail's path relative to the REST root (the file name may hold a `thumbnail/` prefix). */
export const userThumbnailPath = (username: string, thumbnail: string): string =>
  `community/users/${segment(username)}/info/${thumbnail.split("/").map(segment).join("/")}`

export const userThumbnail = Endpoint.makeBytes({
  rest: "userThumbnail",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/user.htm",
  method: "GET",
  request: (input: { readonly username: string; readonly thumbnail: string }) => ({
    path: userThumbnailPath(input.username, input.thumbnail),
  }),
})
