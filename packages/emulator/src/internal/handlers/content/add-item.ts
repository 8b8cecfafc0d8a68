/**
 * `POST content/users/<username>[/<folderId>]/addItem`: a new item with its data (a file, text, or a loopback URL),
 * thumbnail and metadata, optionally related to another item; `async` items report `processing` first, `multipart`
 * ones wait for their parts (`addPart`, `commit`).
 */
import { canViewItem, has } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { removeItemFiles } from "../../files.ts"
import { hex32, isHex32 } from "../../ids.ts"
import { boolParam } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import { findItem, insertItem } from "../../storage/items.ts"
import { insertRelationship } from "../../storage/relationships.ts"
import { applyFiles, fileOf, stageFiles } from "./item-files.ts"
import { itemColumns, splitExtra, typeKeywords } from "./item-params.ts"
import { ownerScope } from "./scope.ts"
import { inheritSharing } from "./sharing.ts"

/** `POST content/users/<username>[/<folderId>]/addItem`. */
export const addItem = async (context: Context, match: RegExpExecArray) => {
  const { owner, folder } = ownerScope(context, match[1] ?? "", match[2], "create")
  const { params, db } = context
  if (!has(context, "portal:user:createItem")) throw forbidden()
  const columns = itemColumns(params)
  const id = params.get("itemIdToCreate") ?? hex32()
  if (!isHex32(id))
    throw badRequest("Invalid itemIdToCreate.", ["'itemIdToCreate' must be 32 lowercase hexadecimal characters."])
  if (findItem(db, id) !== undefined)
    throw badRequest("Item already exists.", [`An item with id ${id} already exists.`])
  const multipart = boolParam(params, "multipart") === true
  const asynchronous = boolParam(params, "async") === true
  const origin = params.get("originItemId")
  const destination = params.get("destinationItemId")
  const relationship = params.get("relationshipTypes") ?? params.get("relationshipType")
  if (origin && destination)
    throw badRequest("Invalid request", ["Specify originItemId or destinationItemId, not both."])
  if ((origin || destination) && !relationship)
    throw badRequest("Invalid request", ["relationshipTypes is required with a related item."])
  const time = Date.now()
  const base = {
    id,
    owner: owner.username,
    folder_id: folder?.id ?? null,
    access: "private",
    created: time,
    modified: time,
  }
  if (multipart) {
    const filename = params.get("filename")
    if (!filename) throw badRequest("Invalid request", ["'filename' is required when multipart is true."])
    transaction(db, () =>
      insertItem(db, {
        ...base,
        title: columns.title ?? filename,
        type: columns.type ?? "",
        name: filename,
        status: "partial",
      }),
    )
    return { success: true, id, folder: folder?.id ?? null }
  }
  if (!columns.title || !columns.type) throw badRequest("'type' and 'title' property required.")
  splitExtra(undefined, columns)
  const keywords = JSON.parse(String(columns.type_keywords ?? "[]")) as Array<string>
  const defaults = typeKeywords.get(String(columns.type)) ?? []
  columns.type_keywords = JSON.stringify([
    ...new Set([...keywords, ...defaults, ...(fileOf(params, "metadata") ? ["Metadata"] : [])]),
  ])
  const files = await stageFiles(context, id, columns)
  // Checked again after the await: from here to the commit nothing yields, so two requests with the
  // same itemIdToCreate cannot both write files for it.
  if (findItem(db, id) !== undefined)
    throw badRequest("Item already exists.", [`An item with id ${id} already exists.`])
  applyFiles(files)
  try {
    transaction(db, () => {
      insertItem(db, {
        ...columns,
        ...base,
        status: asynchronous ? "processing" : "completed",
        extra: columns.extra ?? JSON.stringify(asynchronous ? { _readyAt: time + context.settings.jobMillis } : {}),
      })
      if (origin || destination) {
        const other = findItem(db, (origin ?? destination) as string)
        if (other === undefined || !canViewItem(context, other))
          throw badRequest("Unable to add relationship.", ["The related item does not exist or is inaccessible."])
        const [from, to] = origin ? [other.id, id] : [id, other.id]
        insertRelationship(db, from, to, relationship ?? "", time)
        if (origin) inheritSharing(context, { owner: owner.username, id }, other)
      }
    })
  } catch (error) {
    removeItemFiles(context.dataDir, id)
    throw error
  }
  if (asynchronous) return { status: "processing", statusMessage: "processing", itemId: id }
  return { success: true, id, folder: folder?.id ?? null }
}
