/**
 * What an item's data references, and the same data pointing at the target: the item ids a web map's layers, an
 * app's `webmap`, a dashboard's data sources… name (any 32-hex token in a string or a key, verified against the
 * source by the walk), and the rewrite that replaces cloned items' ids and hosted services' URLs by the target's.
 * Pure functions over JSON (or plain text when the data is not JSON).
 */

/** A 32-hex token standing alone (not part of a longer hexadecimal run). */
const idToken = /(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])/g

/** The item-id-like tokens of a string. */
const tokensOf = (value: string): ReadonlyArray<string> => value.match(idToken) ?? []

/**
 * Every item-id-like token in `value` — string values and object keys, at any depth (`operationalLayers[].itemId`,
 * `baseMap.baseMapLayers[].itemId`, `values.webmap`, `…/index.html?appid=<id>`…). Which of them are items is for
 * the source portal to say.
 */
export const candidateIds = (value: unknown): ReadonlySet<string> => {
  const found = new Set<string>()
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200) return
    if (typeof node === "string") {
      for (const token of tokensOf(node)) found.add(token)
    } else if (Array.isArray(node)) {
      for (const entry of node) visit(entry, depth + 1)
    } else if (typeof node === "object" && node !== null) {
      for (const [key, entry] of Object.entries(node)) {
        for (const token of tokensOf(key)) found.add(token)
        visit(entry, depth + 1)
      }
    }
  }
  visit(value, 0)
  return found
}

/** Item ids and service URLs of the source mapped to the target's. */
export interface Rewrites {
  /** Source item id → target item id. */
  readonly ids: ReadonlyMap<string, string>
  /** Source service URL → target service URL (no trailing slash); layer URLs below them follow. */
  readonly urls: ReadonlyMap<string, string>
}

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** One regular expression per source URL, longest first, matching it case-insensitively up to a path boundary. */
const urlPatterns = (urls: ReadonlyMap<string, string>): ReadonlyArray<readonly [RegExp, string]> =>
  [...urls.entries()]
    .filter(([from]) => from !== "")
    .sort(([a], [b]) => b.length - a.length)
    .map(([from, to]) => [new RegExp(`${escapeRegExp(from.replace(/\/+$/, ""))}(?=[/?#"'\\s]|$)`, "gi"), to] as const)

/** A string with the source's service URLs and item ids replaced by the target's. */
const rewriteString = (
  value: string,
  patterns: ReadonlyArray<readonly [RegExp, string]>,
  ids: ReadonlyMap<string, string>,
): string => {
  let out = value
  for (const [pattern, to] of patterns) out = out.replace(pattern, () => to)
  return ids.size === 0 ? out : out.replace(idToken, (id) => ids.get(id) ?? id)
}

/** `value` (JSON) with every string and key rewritten (see {@link Rewrites}); the input is not changed. */
export const rewriteJson = (value: unknown, rewrites: Rewrites): unknown => {
  const patterns = urlPatterns(rewrites.urls)
  const visit = (node: unknown, depth: number): unknown => {
    if (depth > 200) return node
    if (typeof node === "string") return rewriteString(node, patterns, rewrites.ids)
    if (Array.isArray(node)) return node.map((entry) => visit(entry, depth + 1))
    if (typeof node === "object" && node !== null) {
      const out: Record<string, unknown> = {}
      for (const [key, entry] of Object.entries(node)) {
        Object.defineProperty(out, rewriteString(key, patterns, rewrites.ids), {
          value: visit(entry, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return out
    }
    return node
  }
  return visit(value, 0)
}

/** JSON text, or `undefined` when the text is not JSON. */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * An item's text data rewritten: parsed and rewritten as JSON when it is JSON (the output is compact JSON), else
 * rewritten as plain text.
 */
export const rewriteText = (text: string, rewrites: Rewrites): string => {
  const json = parseJson(text)
  if (json !== undefined && typeof json === "object" && json !== null) {
    return JSON.stringify(rewriteJson(json, rewrites))
  }
  return rewriteString(text, urlPatterns(rewrites.urls), rewrites.ids)
}

/** A URL (an item's `url`) rewritten; `undefined` stays `undefined`. */
export const rewriteUrl = (url: string | null | undefined, rewrites: Rewrites): string | undefined =>
  url ? rewriteString(url, urlPatterns(rewrites.urls), rewrites.ids) : undefined

/** The ids an item's text data references, JSON or not. */
export const referencedIds = (text: string): ReadonlySet<string> => {
  const json = parseJson(text)
  return json !== undefined && typeof json === "object" && json !== null ? candidateIds(json) : new Set(tokensOf(text))
}
