/**
 * Listings of items that belong to another facade object — a group's content (`group.content`, `contentAll`), a
 * user's items (`user.items`, `itemsAll`) — as the main entry's `Item`s: all at once, or page by page as a loop asks.
 */
import type { ItemSchema } from "@arcgis-portal/content"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { GisServices } from "../GisLayer.ts"
import { Item } from "../Item.ts"
import * as Args from "./args.ts"
import type { Calls } from "./calls.ts"
import { cancel, iterate, type Session } from "./session.ts"

/**
 * A record of a listing as an `Item`. The listings' schemas (`users-groups-roles`' item summaries) describe the same
 * item records as content's `ItemSchema.Item`, which the facade's items are made from; the cast says so, once.
 */
export const itemOf =
  (session: Session<GisServices>) =>
  (json: object): Item =>
    new Item(session, json as unknown as ItemSchema.Item)

/** A listing run on a facade object's `calls`: `checks` first, then `list`; the records as `Item`s. */
export const items = <S, J, A extends object, E>(
  calls: Calls<S, J, GisServices>,
  operation: string,
  checks: ReadonlyArray<Args.Check>,
  list: (service: S, json: J) => Effect.Effect<ReadonlyArray<A>, E, GisServices>,
  options: unknown,
): Promise<ReadonlyArray<Item>> =>
  calls.checked(operation, checks, list, options).then((records) => records.map(itemOf(calls.session)))

/**
 * Every item of a paged listing, fetched as the loop asks for them: `checks` first (`InvalidInput` at the first
 * step, nothing sent), `stream` once they pass; the `signal` of `options` stops the paging.
 */
export const itemsAll = <A extends object, E>(
  session: Session<GisServices>,
  operation: string,
  checks: ReadonlyArray<Args.Check>,
  stream: Effect.Effect<Stream.Stream<A, E, GisServices>, never, GisServices>,
  options: unknown,
): AsyncIterable<Item> =>
  iterate(
    session,
    Stream.unwrap(
      Effect.andThen(
        Args.check(operation, ...checks),
        Effect.map(stream, (records) => Stream.map(records, itemOf(session))),
      ),
    ),
    cancel(operation, options),
  )
