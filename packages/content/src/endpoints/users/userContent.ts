/**
 * `GET content/users/<owner>[/<folder>]` — one page of a user's items, and their folders (Python
 * `arcgis.gis.User.items`, `arcgis.gis.User.folders`; folder names are resolved through it).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { UserContent } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const userContent = Endpoint.make({
  rest: "userContent",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly owner: string
    readonly folderId?: string | undefined
    readonly start?: number | undefined
    readonly num?: number | undefined
  }) => ({
    path: userPath(input.owner, input.folderId),
    params: { start: input.start, num: input.num },
  }),
  response: UserContent,
})
