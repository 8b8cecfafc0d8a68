/**
 * Groups as Python's `Item.share(groups=...)` and `Item.unshare(groups)` take them: "a list of group names as
 * strings, or a list of Group objects, or a comma-separated list of group IDs". Ids and `Group`s pass as they are;
 * any other string is a group's name (its title), looked up the way Python does it — a group search by title — and
 * replaced by the id of the one group of exactly that title. A name that matches no group, or several, is
 * `InvalidInput` naming it (Python raises), and nothing is shared. The main entry's resolver (`sharing.ts`).
 */
import { CommonSchema, PortalError } from "@arcgis-portal/core"
import { Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type { GroupArgument } from "../Arguments.ts"

/** The longest group title the portal takes (characters). */
const maxTitle = 250

const refuse = (operation: string, message: string) =>
  new PortalError.InvalidInput({ operation, field: "groups", message })

/** Any control character (NUL included): never part of a title, never sent in a query. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const control = /[\u0000-\u001f\u007f]/

/** The id of the one group visible to the caller whose title is `title` (exactly, else ignoring case). */
const byTitle = (operation: string, title: string, index: number) =>
  Effect.gen(function* () {
    const name = title.trim()
    if (name === "" || name.length > maxTitle || control.test(name)) {
      return yield* Effect.fail(
        refuse(
          operation,
          `groups[${index}] is neither a group id nor a group title (1 to ${maxTitle} characters, no control characters).`,
        ),
      )
    }
    const groups = yield* Groups.Groups
    // A phrase cannot hold a double quote: search without it, then compare the titles exactly.
    const phrase = name.replace(/["\\]/g, " ").trim()
    const found = yield* groups.search({ query: `title:"${phrase}"`, maxGroups: 100 })
    const exact = found.filter((group) => group.title === name)
    const matches = exact.length > 0 ? exact : found.filter((group) => group.title.toLowerCase() === name.toLowerCase())
    const [only] = matches
    if (matches.length === 1 && only !== undefined) return only.id as string
    return yield* Effect.fail(
      refuse(
        operation,
        matches.length === 0
          ? `No group titled "${name}" is visible to you (groups[${index}]); pass its id or the Group.`
          : `${matches.length} groups are titled "${name}" (${matches.map((group) => group.id).join(", ")}); pass the id or the Group you mean.`,
      ),
    )
  })

/**
 * The groups of a `share`/`unshare` call with every title replaced by its group's id. `Group`s and well-formed ids
 * are not looked up (the portal reports a group it cannot share with in `notSharedWith`).
 */
export const resolveGroups = Effect.fn("GIS.resolveGroups")(function* (
  operation: string,
  groups: ReadonlyArray<GroupArgument>,
) {
  return yield* Effect.forEach(groups, (entry, index) =>
    typeof entry !== "string" || CommonSchema.isGroupId(entry)
      ? Effect.succeed<GroupArgument>(entry)
      : byTitle(operation, entry, index),
  )
})
