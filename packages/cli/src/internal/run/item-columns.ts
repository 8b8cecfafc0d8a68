/** The columns of an item listing (search, bulk). */
import type { ItemSchema } from "@arcgis-portal/content"
import { type Column, date } from "../table.ts"

export const itemColumns: ReadonlyArray<Column<ItemSchema.Item>> = [
  { header: "id", value: (item) => item.id },
  { header: "title", value: (item) => item.title, max: 40 },
  { header: "type", value: (item) => item.type, max: 24 },
  { header: "owner", value: (item) => item.owner, max: 20 },
  { header: "access", value: (item) => item.access ?? "" },
  { header: "modified", value: (item) => date(item.modified) },
]
