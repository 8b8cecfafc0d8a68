/**
 * `POST content/users/<owner>/<folderId>/delete` — deletes a folder (Python `arcgis.gis.ContentManager.delete_folder`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { FolderResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const deleteFolder = Endpoint.make({
  rest: "deleteFolder",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly owner: string; readonly folderId: string }) => ({
    path: `${userPath(input.owner, input.folderId)}/delete`,
  }),
  response: FolderResult,
})
