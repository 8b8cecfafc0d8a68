/** The implementation of `search`. */

import { Content } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { searchConfig } from "../commands/search.ts"
import { withPortal } from "../connection.ts"
import { usage } from "../errors.ts"
import { Output } from "../output.ts"
import { itemColumns } from "./item-columns.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

/** `title`, `title:asc`, `modified:desc` → the portal's sort field and order. */
export const parseSort = (text: string) => {
  const [field = "", order = "asc", ...rest] = text.split(":")
  if (field === "" || rest.length > 0 || (order !== "asc" && order !== "desc"))
    return Effect.fail(usage(`--sort takes <field>[:asc|desc], not ${text}`))
  return Effect.succeed({ sortField: field, sortOrder: order as "asc" | "desc" })
}

/** The query with `--owner` and `--type` folded in. */
export const buildQuery = (query: string, owner: string | undefined, type: string | undefined): string => {
  const terms = [query.trim()]
  if (owner !== undefined) terms.push(`owner:${JSON.stringify(owner)}`)
  if (type !== undefined) terms.push(`type:${JSON.stringify(type)}`)
  return terms.filter((term) => term !== "").join(" AND ")
}

export const search = (input: Command.Command.Config.Infer<typeof searchConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const sort = Option.isSome(input.sort) ? yield* parseSort(input.sort.value) : undefined
    const query = buildQuery(input.query, Option.getOrUndefined(input.owner), Option.getOrUndefined(input.type))
    if (query === "") return yield* usage("the query is empty")
    yield* withPortal(Content.layer, () =>
      Effect.gen(function* () {
        const content = yield* Content.Content
        const results = content.searchAll(query, {
          ...sort,
          maxItems: Option.getOrUndefined(input.max),
          outsideOrg: input.outsideOrg,
          concurrency: input.concurrency,
        })
        yield* output.list(results, { columns: itemColumns, json: (item) => item })
      }),
    )
  })
