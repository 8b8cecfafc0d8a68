/**
 * The item fields a request carries (`addItem`, `update`, `commit`, `createService`): read, checked and turned into
 * the `items` columns they set, with the portal's default type keywords.
 */
import { badRequest, Fault } from "../../errors.ts"
import { boolParam, limitList, type Params } from "../../request.ts"
import type { ItemRow } from "../../storage/items.ts"

/**
 * Default type keywords the portal adds per type (a small table). A Map, like every table read with a key from a
 * request: an item `type` may be `constructor` or `__proto__`, which every plain object has.
 */
export const typeKeywords = new Map<string, ReadonlyArray<string>>([
  ["Web Map", ["ArcGIS Online", "Explorer Web Map", "Map", "Online Map", "Web Map"]],
  ["Feature Service", ["ArcGIS Server", "Data", "Feature Access", "Feature Service", "Service", "Hosted Service"]],
  ["CSV", ["CSV"]],
  ["Web Mapping Application", ["JavaScript", "Map", "Mapping Site", "Online Map", "Web Map"]],
])

/** The longest title, snippet, description, tag and folder title. */
export const limits = { title: 256, snippet: 2048, description: 65_535, tag: 256, folder: 250 }

/** A list parameter (a JSON array or a comma list); more values than `limitList` allows are a 400 envelope. */
export const listParam = (params: Params, name: string): Array<string> | undefined => {
  const raw = params.get(name)
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed) as unknown
      if (Array.isArray(parsed))
        return limitList(
          name,
          parsed.map((entry) => String(entry).trim()).filter((entry) => entry !== ""),
        )
    } catch (error) {
      if (error instanceof Fault) throw error
      // fall through: a comma list that happens to start with "["
    }
  }
  return trimmed === ""
    ? []
    : limitList(
        name,
        trimmed
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
}

const extentParam = (raw: string | undefined): Array<Array<number>> | undefined => {
  if (raw === undefined) return undefined
  if (raw.trim() === "") return []
  let numbers: Array<number>
  try {
    const parsed = JSON.parse(raw) as unknown
    numbers = Array.isArray(parsed) ? (parsed.flat(2) as Array<unknown>).map(Number) : []
  } catch {
    numbers = raw.split(",").map((part) => Number(part.trim()))
  }
  if (numbers.length !== 4 || numbers.some((value) => !Number.isFinite(value))) {
    throw badRequest("Invalid extent.", ["'extent' must be xmin,ymin,xmax,ymax."])
  }
  const [xmin, ymin, xmax, ymax] = numbers as [number, number, number, number]
  return [
    [xmin, ymin],
    [xmax, ymax],
  ]
}

const jsonObjectParam = (params: Params, name: string): string | null | undefined => {
  const raw = params.get(name)
  if (raw === undefined) return undefined
  if (raw.trim() === "") return null
  try {
    const parsed = JSON.parse(raw) as unknown
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object")
    return JSON.stringify(parsed)
  } catch {
    throw badRequest("Invalid request", [`'${name}' must be a JSON object.`])
  }
}

const checkLength = (name: string, value: string | undefined, max: number) => {
  if (value !== undefined && value.length > max)
    throw badRequest("Invalid request", [`'${name}' is longer than ${max} characters.`])
}

/** The item columns a request sets (only those it names): addItem, update, and createService's item properties. */
export const itemColumns = (params: Params): Record<string, string | number | null> => {
  const columns: Record<string, string | number | null> = {}
  const text = (param: string, column: string, max?: number) => {
    const value = params.get(param)
    if (value === undefined) return
    if (max !== undefined) checkLength(param, value, max)
    columns[column] = value
  }
  text("title", "title", limits.title)
  text("type", "type", 200)
  text("snippet", "snippet", limits.snippet)
  text("description", "description", limits.description)
  text("url", "url", 4_096)
  text("spatialReference", "spatial_reference", 4_096)
  text("accessInformation", "access_information", limits.description)
  text("licenseInfo", "license_info", limits.description)
  text("culture", "culture", 32)
  const tags = listParam(params, "tags")
  if (tags !== undefined) {
    for (const tag of tags) checkLength("tags", tag, limits.tag)
    columns.tags = JSON.stringify(tags)
  }
  const keywords = listParam(params, "typeKeywords")
  if (keywords !== undefined) columns.type_keywords = JSON.stringify(keywords)
  const extent = extentParam(params.get("extent"))
  if (extent !== undefined) columns.extent = JSON.stringify(extent)
  const properties = jsonObjectParam(params, "properties")
  if (properties !== undefined) columns.properties = properties
  const comments = boolParam(params, "commentsEnabled")
  if (comments !== undefined) columns.comments_enabled = comments ? 1 : 0
  const categories = listParam(params, "categories")
  if (categories !== undefined) columns.categories = JSON.stringify(categories)
  return columns
}

/** `categories` has no column: it lives in the item's extra JSON. */
export const splitExtra = (item: ItemRow | undefined, columns: Record<string, string | number | null>) => {
  const categories = columns.categories
  delete columns.categories
  if (categories !== undefined) {
    const extra = JSON.parse(item?.extra ?? "{}") as Record<string, unknown>
    extra.categories = JSON.parse(String(categories))
    columns.extra = JSON.stringify(extra)
  }
}
