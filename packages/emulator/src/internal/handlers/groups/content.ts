/** A group's items (`content/groups/<id>`) and the search among them (`content/groups/<id>/search`). */
import { canViewItem } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { renderItem } from "../../render.ts"
import { itemMatcher } from "../../search/items.ts"
import { sortRecords } from "../../search/sort.ts"
import { orgIdOf } from "../../storage/portal.ts"
import { itemsSharedWith } from "../../storage/shares.ts"
import { pageOf } from "../paging.ts"
import { visibleGroup } from "./common.ts"

/** The items shared with the group that the caller may see; `searching`: filtered by `q`, answered like a search. */
const listGroupContent = (context: Context, match: RegExpExecArray, searching: boolean) => {
  const group = visibleGroup(context, match[1] ?? "")
  const orgId = orgIdOf(context.db)
  const rows = itemsSharedWith(context.db, group.id)
  const q = context.params.get("q") ?? ""
  const matches = searching && q.trim() !== "" ? itemMatcher(context, q) : () => true
  const items = rows
    .filter((item) => canViewItem(context, item) && matches(item))
    .map((item) => renderItem(context.db, orgId, item))
  const sorted = searching
    ? sortRecords(
        items,
        context.params.get("sortField") ?? group.sort_field,
        context.params.get("sortOrder") ?? group.sort_order,
      )
    : sortRecords(items, group.sort_field, group.sort_order)
  const { page, ...meta } = pageOf(context, sorted)
  return searching ? { query: q, ...meta, results: page } : { ...meta, items: page }
}

/** `GET content/groups/<id>`: the group's items (`items`), in the group's sort order. */
export const groupContent = (context: Context, match: RegExpExecArray) => listGroupContent(context, match, false)

/** `GET content/groups/<id>/search`: the group's items matching `q` (`query`, `results`). */
export const groupContentSearch = (context: Context, match: RegExpExecArray) => listGroupContent(context, match, true)
