/**
 * `GET content/users/<u>[/<fid>]` — one page of a user's items in the root or a folder, and the
 * user's folders (Python `arcgis.gis.User.items` and `arcgis.gis.User.folders`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserContent } from "../../UserSchema.ts"

export const userContent = Endpoint.make({
  rest: "userContent",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly username: string
    readonly folderId?: string | undefined
    readonly start?: number | undefined
    readonly num: number
  }) => ({
    path: `content/users/${segment(input.username)}${input.folderId ? `/${segment(input.folderId)}` : ""}`,
    params: { start: input.start, num: input.num },
  }),
  response: UserContent,
})
