/**
 * `search` (digest §1.5): the items the caller may see that a query matches — field terms, phrases, ranges, wildcards,
 * AND/OR/NOT, `bbox`, `categories` — sorted and paged. The sorted matches are cached until the next write
 * (search/items.ts), so each further page of one search renders only its own items.
 */
import type { Context } from "../context.ts"
import { badRequest } from "../errors.ts"
import { renderItem } from "../render.ts"
import { limitList } from "../request.ts"
import { matchingIds, resultCacheOf } from "../search/items.ts"
import { parse } from "../search/query.ts"
import { sortKeyOf, sortName } from "../search/sort.ts"
import { dataVersion } from "../storage/database.ts"
import { findItem } from "../storage/items.ts"
import { orgIdOf } from "../storage/portal.ts"
import { paging } from "./paging.ts"

/** `GET search`: `q`, `bbox` or `categories` (one is needed), `sortField`/`sortOrder`, paging. */
export const search = (context: Context) => {
  const { params, db } = context
  const q = params.get("q") ?? ""
  const bboxRaw = params.get("bbox")
  if (q.trim() === "" && !bboxRaw && !params.get("categories"))
    throw badRequest("Invalid request", ["'q', 'bbox' or 'categories' is required."])
  if (q.length > 16_384) throw badRequest("Invalid query.", ["The query is too long."])
  const bbox = bboxRaw ? bboxRaw.split(",").map(Number) : undefined
  if (bbox !== undefined && (bbox.length !== 4 || bbox.some((value) => !Number.isFinite(value)))) {
    throw badRequest("Invalid request", ["'bbox' must be xmin,ymin,xmax,ymax."])
  }
  const tree = parse(q)
  const categories = limitList(
    "categories",
    (params.get("categories") ?? "")
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ""),
  )
  const sortField = params.get("sortField")
  const sortOrder = params.get("sortOrder")
  const sortKey = sortName(sortField)
  const descending = (sortOrder ?? "asc").toLowerCase() === "desc"
  // Everything the matches depend on, normalized; visibility depends on who asks.
  const key = JSON.stringify([
    q,
    bbox ?? null,
    categories,
    sortKeyOf(sortField) === undefined ? null : [sortKey, descending],
    context.caller.identity,
  ])
  const ids = resultCacheOf(db).get(key, dataVersion(db), () =>
    matchingIds(context, { tree, bbox, categories, sortField, sortOrder }),
  )
  const { start, num } = paging(params)
  const orgId = orgIdOf(db)
  const page = ids.slice(start - 1, start - 1 + num).map((id) => {
    const item = findItem(db, id)
    // Cannot happen: the ids were computed at the data version the database is still at.
    if (item === undefined) throw new Error(`search: item ${id} of a cached result is gone`)
    return renderItem(db, orgId, item)
  })
  const end = start - 1 + page.length
  return {
    query: q,
    total: ids.length,
    start,
    num: page.length,
    nextStart: end < ids.length ? end + 1 : -1,
    results: page,
  }
}
