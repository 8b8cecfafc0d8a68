/** The `relationships` table: typed links from an origin item to a destination item. */
import type { Database } from "./database.ts"
import type { ItemRow } from "./items.ts"

/** A relationship made with a new item (`addItem` with a related item): no creator is recorded. */
export const insertRelationship = (
  db: Database,
  originId: string,
  destinationId: string,
  type: string,
  created: number,
): void => {
  db.prepare("INSERT INTO relationships (origin_id, destination_id, type, created) VALUES (?, ?, ?, ?)").run(
    originId,
    destinationId,
    type,
    created,
  )
}

/** A relationship made by `creator`; `ignoreExisting`: adding one that exists changes nothing (else it fails). */
export const insertCreatedRelationship = (
  db: Database,
  relationship: { readonly originId: string; readonly destinationId: string; readonly type: string },
  creator: string,
  created: number,
  ignoreExisting: boolean,
): void => {
  db.prepare(
    ignoreExisting
      ? "INSERT OR IGNORE INTO relationships (origin_id, destination_id, type, created, creator) VALUES (?, ?, ?, ?, ?)"
      : "INSERT INTO relationships (origin_id, destination_id, type, created, creator) VALUES (?, ?, ?, ?, ?)",
  ).run(relationship.originId, relationship.destinationId, relationship.type, created, creator)
}

/** The relationship's creator (`null` when none was recorded); `undefined` when there is no such relationship. */
export const relationshipCreator = (
  db: Database,
  originId: string,
  destinationId: string,
  type: string,
): { creator: string | null } | undefined =>
  db
    .prepare("SELECT creator FROM relationships WHERE origin_id = ? AND destination_id = ? AND type = ?")
    .get(originId, destinationId, type) as { creator: string | null } | undefined

export const deleteRelationshipRow = (db: Database, originId: string, destinationId: string, type: string): void => {
  db.prepare("DELETE FROM relationships WHERE origin_id = ? AND destination_id = ? AND type = ?").run(
    originId,
    destinationId,
    type,
  )
}

/**
 * The items related to `itemId` by any of `types` (at most a bounded list: one SQL variable each), oldest
 * relationship first: `forward` its destinations, `reverse` its origins.
 */
export const relatedItemRows = (
  db: Database,
  itemId: string,
  types: ReadonlyArray<string>,
  direction: "forward" | "reverse",
): Array<ItemRow> => {
  const [self, other] = direction === "forward" ? ["origin_id", "destination_id"] : ["destination_id", "origin_id"]
  return db
    .prepare(
      `SELECT i.* FROM relationships r JOIN items i ON i.id = r.${other} WHERE r.${self} = ? AND r.type IN (${types.map(() => "?").join(",")}) ORDER BY r.created`,
    )
    .all(itemId, ...types) as unknown as Array<ItemRow>
}

/** The destinations of every relationship from `itemId`. */
export const destinationsOf = (db: Database, itemId: string): Array<string> =>
  (
    db.prepare("SELECT destination_id FROM relationships WHERE origin_id = ?").all(itemId) as Array<{
      destination_id: string
    }>
  ).map((row) => row.destination_id)

/** The origins of every relationship to `itemId`. */
export const originsOf = (db: Database, itemId: string): Array<string> =>
  (
    db.prepare("SELECT origin_id FROM relationships WHERE destination_id = ?").all(itemId) as Array<{
      origin_id: string
    }>
  ).map((row) => row.origin_id)

/** The service published from a data item (`Service2Data`), if there is one. */
export const serviceFromData = (db: Database, dataItemId: string): ItemRow | undefined =>
  db
    .prepare(
      "SELECT i.* FROM relationships r JOIN items i ON i.id = r.origin_id WHERE r.destination_id = ? AND r.type = 'Service2Data'",
    )
    .get(dataItemId) as ItemRow | undefined
