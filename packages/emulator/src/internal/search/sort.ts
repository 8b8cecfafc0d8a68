/** Sorting rendered records (items, users, groups) by `sortField` and `sortOrder`, as the portal's listings do. */

/** How each sort key reads a rendered record. */
const sortable: Record<string, (item: Record<string, unknown>) => string | number> = {
  title: (item) => String(item.title ?? "").toLowerCase(),
  created: (item) => Number(item.created ?? 0),
  uploaded: (item) => Number(item.created ?? 0),
  modified: (item) => Number(item.modified ?? 0),
  type: (item) => String(item.type ?? "").toLowerCase(),
  owner: (item) => String(item.owner ?? ""),
  avgrating: (item) => Number(item.avgRating ?? 0),
  numratings: (item) => Number(item.numRatings ?? 0),
  numcomments: (item) => Number(item.numComments ?? 0),
  numviews: (item) => Number(item.numViews ?? 0),
  username: (record) => String(record.username ?? "").toLowerCase(),
  fullname: (record) => String(record.fullName ?? "").toLowerCase(),
}

/** The sort key `sortField` names (first field of a comma list), if it names one. */
export const sortName = (sortField: string | undefined): string =>
  (sortField ?? "").split(",")[0]?.trim().toLowerCase() ?? ""

/** How `sortField` reads a record, when it names a sort key. */
export const sortKeyOf = (sortField: string | undefined) => {
  const name = sortName(sortField)
  return Object.hasOwn(sortable, name) ? sortable[name] : undefined
}

/** Sorts rendered records by `sortField`/`sortOrder` (first field of a comma list), ties by id. */
export const sortRecords = (
  records: Array<Record<string, unknown>>,
  sortField: string | undefined,
  sortOrder: string | undefined,
) => {
  const key = sortKeyOf(sortField)
  const direction = (sortOrder ?? "asc").toLowerCase() === "desc" ? -1 : 1
  if (key === undefined) return records
  // Each record's key is computed once, not at each of the n·log n comparisons.
  const keyed = records.map((record) => ({ key: key(record), id: String(record.id), record }))
  keyed.sort((a, b) => {
    if (a.key < b.key) return -direction
    if (a.key > b.key) return direction
    return a.id < b.id ? -1 : 1
  })
  keyed.forEach((entry, index) => {
    records[index] = entry.record
  })
  return records
}
