/**
 * `GET content/users/<owner>/.../items/<id>/status` — the status of an upload or of a publish/export/createService job (Python `arcgis.gis.Item.status`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { JobStatus } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const status = Endpoint.make({
  rest: "status",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/status.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly item: ItemRef
    readonly jobId?: string | undefined
    readonly jobType?: string | undefined
  }) => ({
    path: `${ownerRootItemPath(input.item)}/status`,
    params: { jobId: input.jobId, jobType: input.jobType },
  }),
  response: JobStatus,
})
