/**
 * Multipart uploads and item status on the owner path (`.../items/<id>/addPart|parts|commit|cancel|status`):
 * parts are kept on disk and appended to the item's data file as they arrive in order (part-assembly.ts); `commit`
 * finishes that in the background; `status` reports it, async uploads and publish/export/createService jobs.
 */
import { existsSync } from "node:fs"
import { canChangeItem } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest } from "../../errors.ts"
import { dataPath, moveInto, partNumbers, partsDir, removeDir, removeItemFiles } from "../../files.ts"
import { assembleParts, forgetAssembly, partArrived } from "../../part-assembly.ts"
import { transaction } from "../../storage/database.ts"
import {
  completeProcessingItem,
  deleteItemRow,
  itemExists,
  markItemCompleted,
  updateItemColumns,
} from "../../storage/items.ts"
import { findJob, setJobStatus } from "../../storage/jobs.ts"
import { settle } from "../items/lookup.ts"
import { fileOf } from "./item-files.ts"
import { itemColumns, splitExtra, typeKeywords } from "./item-params.ts"
import { itemForOperation } from "./scope.ts"

/** `POST .../items/<id>/addPart`: part `partNum` (1–10000) of a multipart upload; sending one again replaces it. */
export const addPart = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "create"))
  const { params } = context
  if (item.status !== "partial")
    throw badRequest("Unable to add part.", ["The item is not a multipart upload in progress."])
  const partNum = Number(params.get("partNum"))
  if (!Number.isInteger(partNum) || partNum < 1 || partNum > 10_000)
    throw badRequest("Invalid part number.", ["'partNum' must be an integer from 1 to 10000."])
  const file = fileOf(params, "file")
  if (file === undefined) throw badRequest("Unable to add part.", ["A 'file' part is required."])
  const dir = partsDir(context.dataDir, item.id)
  moveInto(file.path, `${dir}/${partNum}`)
  partArrived(dir, partNum)
  return { success: true, id: item.id }
}

/** `GET .../items/<id>/parts`: the numbers of the parts uploaded so far. */
export const parts = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, false, (item) => canChangeItem(context, item, "read"))
  return { parts: partNumbers(partsDir(context.dataDir, item.id)) }
}

/**
 * `POST .../items/<id>/commit`: like the portal, asynchronous — the item turns `processing` at once (so a second
 * commit is refused instead of racing this one), the parts are assembled in the background, and `status` reports
 * `completed` — or `failed` with the reason.
 */
export const commit = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "create"))
  const { db, params } = context
  if (item.status !== "partial")
    throw badRequest("Unable to commit.", ["The item is not a multipart upload in progress."])
  const numbers = partNumbers(partsDir(context.dataDir, item.id))
  if (numbers.length === 0) throw badRequest("Unable to commit.", ["No parts were uploaded."])
  if (numbers.some((number, index) => number !== index + 1))
    throw badRequest("Unable to commit.", ["Parts are missing."])
  const columns = itemColumns(params)
  splitExtra(item, columns)
  const type = (columns.type as string | undefined) ?? item.type
  if (!type) throw badRequest("'type' and 'title' property required.")
  const keywords = [
    ...new Set([
      ...(JSON.parse(String(columns.type_keywords ?? item.type_keywords)) as Array<string>),
      ...(typeKeywords.get(type) ?? []),
    ]),
  ]
  transaction(db, () =>
    updateItemColumns(db, item.id, {
      ...columns,
      type,
      type_keywords: JSON.stringify(keywords),
      status: "processing",
      modified: Date.now(),
    }),
  )
  const dataDir = context.dataDir
  void assembleParts(partsDir(dataDir, item.id), numbers, dataPath(dataDir, item.id)).then(
    (size) => {
      removeDir(partsDir(dataDir, item.id))
      if (itemExists(db, item.id)) {
        transaction(db, () => updateItemColumns(db, item.id, { size, status: "completed", modified: Date.now() }))
      }
    },
    () => {
      if (itemExists(db, item.id)) {
        const extra = {
          ...(JSON.parse(item.extra) as Record<string, unknown>),
          _statusMessage: "The parts could not be assembled.",
        }
        transaction(db, () =>
          updateItemColumns(db, item.id, { status: "failed", extra: JSON.stringify(extra), modified: Date.now() }),
        )
      }
    },
  )
  return { success: true, id: item.id }
}

/**
 * `POST .../items/<id>/cancel`: drops the parts; a multipart upload never committed is deleted, one replacing
 * earlier data goes back to `completed`.
 */
export const cancel = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "create"))
  const { db } = context
  forgetAssembly(partsDir(context.dataDir, item.id))
  removeDir(partsDir(context.dataDir, item.id))
  if (item.status === "partial" && !existsSync(dataPath(context.dataDir, item.id))) {
    transaction(db, () => deleteItemRow(db, item.id))
    removeItemFiles(context.dataDir, item.id)
  } else if (item.status === "partial") {
    transaction(db, () => markItemCompleted(db, item.id))
  }
  return { success: true }
}

/**
 * `GET .../items/<id>/status`: the item's upload status, or with `jobId` the job's; a job (and its item) reads
 * `completed` once its time has passed.
 */
export const status = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, false, (item) => canChangeItem(context, item, "read"))
  const { db, params } = context
  const jobId = params.get("jobId")
  if (jobId !== undefined && jobId !== "") {
    const job = findJob(db, jobId)
    if (job === undefined) throw badRequest("Job does not exist or is inaccessible.", [], "CONT_0060")
    const settled =
      job.status === "processing" && job.modified + context.settings.jobMillis <= Date.now() ? "completed" : job.status
    if (settled !== job.status) setJobStatus(db, job.id, settled, Date.now())
    if (settled === "completed") completeProcessingItem(db, job.item_id)
    return {
      status: settled,
      statusMessage: job.status_message ?? settled,
      itemId: job.item_id,
      jobId: job.id,
      jobType: job.type,
    }
  }
  const settledItem = settle(db, item)
  const message = (JSON.parse(settledItem.extra) as { _statusMessage?: string })._statusMessage
  return { status: settledItem.status, statusMessage: message ?? settledItem.status, itemId: item.id }
}
