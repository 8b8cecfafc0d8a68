/**
 * `POST content/users/<owner>/createFolder` — creates a folder (Python `arcgis.gis.ContentManager.create_folder`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { FolderResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const createFolder = Endpoint.make({
  rest: "createFolder",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly owner: string; readonly title: string }) => ({
    path: `${userPath(input.owner)}/createFolder`,
    params: { title: input.title },
  }),
  response: FolderResult,
})
