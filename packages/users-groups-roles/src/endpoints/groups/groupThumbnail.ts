/**
 * `GET community/groups/<gid>/info/<thumbnail>` — the bytes of a group's thumbnail (Python
 * `arcgis.gis.Group.get_thumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"

/** The thumbnail's path relative to the REST root (the file name may hold a `thumbnail/` prefix). */
export const groupThumbnailPath = (id: string, thumbnail: string): string =>
  `community/groups/${id}/info/${thumbnail.split("/").map(segment).join("/")}`

export const groupThumbnail = Endpoint.makeBytes({
  rest: "groupThumbnail",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group.htm",
  method: "GET",
  request: (input: { readonly id: string; readonly thumbnail: string }) => ({
    path: groupThumbnailPath(input.id, input.thumbnail),
  }),
})
