/** How listings page: the `start` and `num` parameters, and one page of an already computed list. */
import type { Context } from "../context.ts"
import { badRequest } from "../errors.ts"
import type { Params } from "../request.ts"

/** 1-based `start` and `num` (default 10, at most `maxNum`), as every paged listing reads them. */
export const paging = (params: Params, maxNum = 100): { start: number; num: number } => {
  const start = params.get("start") === undefined ? 1 : Number(params.get("start"))
  const num = params.get("num") === undefined ? 10 : Number(params.get("num"))
  if (!Number.isSafeInteger(start) || start < 1 || start > 1_000_000_000)
    throw badRequest("Invalid request", ["'start' must be a positive integer."])
  if (!Number.isSafeInteger(num) || num < 0)
    throw badRequest("Invalid request", ["'num' must be a non-negative integer."])
  return { start, num: Math.min(num, maxNum) }
}

/** A listing's paging fields: `total`, `start`, `num` (what this page holds) and `nextStart` (-1 on the last page). */
export const pageFields = (start: number, count: number, total: number) => {
  const end = start - 1 + count
  return { total, start, num: count, nextStart: end < total ? end + 1 : -1 }
}

/** The page of `records` the request asks for, with the listing's paging fields. */
export const pageOf = <A>(context: Context, records: ReadonlyArray<A>) => {
  const { start, num } = paging(context.params)
  const page = records.slice(start - 1, start - 1 + num)
  return { ...pageFields(start, page.length, records.length), page }
}
