/**
 * The content manager of the main entry's `GIS`: the slim entry's `ContentManager` (`@arcgis-portal/gis/content`)
 * with `cloneItems`, which only the main entry carries — cloning brings the whole of content's `Clone` module
 * (~17 KB gzip), which the slim search-and-items entry is kept free of.
 *
 * @see arcgis.gis.ContentManager
 * @module
 */
import type { Clone } from "@arcgis-portal/content"
import type { ContentItem } from "./ContentItem.ts"
import { ContentManager as SlimContentManager } from "./ContentManager.ts"
import type { Item } from "./Item.ts"
import type { CloneItemsInput, CloneItemsOptions } from "./internal/clone-items.ts"
import { sessionKey } from "./internal/session.ts"

/**
 * Creates, finds, searches, shares, deletes and clones items — the TypeScript counterpart of Python's
 * `gis.content`.
 *
 * @see arcgis.gis.ContentManager
 */
export class ContentManager<I extends ContentItem = Item> extends SlimContentManager<I> {
  /**
   * Clones items with their dependencies from another connection's portal into this one (Python's `clone_items`,
   * its parameters in camelCase): `items` are the source connection's `Item`s, or ids / `{ query }` / `{ folder }` /
   * `{ group }` with `options.source` naming the source connection. Each connection keeps its own session, so each
   * portal's credentials go only to that portal. `dryRun: true` resolves with the plan and writes nothing; a re-run
   * after an interruption finishes the job without creating any item twice. Loaded on first use.
   *
   * @see arcgis.gis.ContentManager.clone_items
   * @example
   * // const staging = await GIS.connect({ url: "https://staging.example.com/portal", auth })
   * // const app = await staging.content.get("0123456789abcdef0123456789abcdef")
   * // const { plan } = await gis.content.cloneItems([app], { dryRun: true })
   * // const result = await gis.content.cloneItems([app], { groupMapping: { [stagingGroup]: productionGroup } })
   */
  async cloneItems(items: CloneItemsInput, options: CloneItemsOptions = {}): Promise<Clone.CloneResult> {
    const { cloneItems } = await import("./internal/clone-items.ts")
    return cloneItems(this[sessionKey], items, options)
  }
}
