/**
 * How the implementations find what a user names: an item by id, a group by id or exact title; and the columns of an
 * item listing.
 */
import { Content, type ItemSchema } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import { type CliFailure, failed, usage } from "../errors.ts"

const itemIdPattern = /^[0-9a-f]{32}$/i

/** The item with id `id`, or a failure that says it is not there (exit code 1). */
export const findItem = (
  id: string,
): Effect.Effect<ItemSchema.Item, PortalError.PortalFailure | CliFailure, Content.Content> =>
  Effect.gen(function* () {
    if (!itemIdPattern.test(id)) return yield* usage(`not an item id: ${id} (32 hexadecimal characters)`)
    const content = yield* Content.Content
    const item = yield* content.get(id.toLowerCase())
    if (item === undefined) return yield* failed(`item ${id} does not exist or you cannot see it`)
    return item
  })

const groupIdPattern = /^[0-9a-f]{32}$/i

/**
 * A group from its id or its title (matched exactly, ignoring case, among the groups the caller can see); a title
 * that matches several groups is refused with their ids, so nothing is shared with the wrong one.
 */
export const findGroup = (
  reference: string,
): Effect.Effect<GroupSchema.Group, PortalError.PortalFailure | CliFailure, Groups.Groups> =>
  Effect.gen(function* () {
    const groups = yield* Groups.Groups
    if (groupIdPattern.test(reference)) {
      const group = yield* groups.get(reference.toLowerCase())
      if (group !== undefined) return group
    }
    const escaped = reference.replaceAll('"', '\\"')
    const found = yield* groups.search({ query: `title:"${escaped}"`, maxGroups: 100 })
    const exact = found.filter((group) => group.title.toLowerCase() === reference.toLowerCase())
    if (exact.length === 1) return exact[0]!
    if (exact.length === 0) return yield* failed(`no group with the id or title "${reference}"`)
    return yield* failed(
      `several groups are titled "${reference}": ${exact.map((group) => group.id).join(", ")}`,
      "Name the group by its id.",
    )
  })
