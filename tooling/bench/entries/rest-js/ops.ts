// The operations of the bundle-weight entries, written as an application would with rest-js.
import {
  addItemPart,
  commitItemUpload,
  createItem,
  getItem as getItemRest,
  getUser,
  searchGroups,
  searchItems as searchItemsRest,
} from "@esri/arcgis-rest-portal"
import { ApiKeyManager } from "@esri/arcgis-rest-request"

export const session = (key: string) => ApiKeyManager.fromKey(key)

/** (a) search items with an API key. */
export const searchItems = (authentication: ApiKeyManager, q: string) => searchItemsRest({ q, authentication })

/** One more content call (the marginal cost of a further operation). */
export const getItem = (authentication: ApiKeyManager, id: string) => getItemRest(id, { authentication })

/** (b) a multipart upload (8 MiB parts, sent one after the other). */
export const upload = async (authentication: ApiKeyManager, file: File) => {
  const item = { title: file.name, type: "CSV" }
  const { id } = await createItem({ item, multipart: true, filename: file.name, authentication })
  const partSize = 8 * 1024 * 1024
  for (let offset = 0, partNum = 1; offset < file.size; offset += partSize, partNum++)
    await addItemPart({ id, partNum, file: file.slice(offset, offset + partSize), authentication })
  return commitItemUpload({ id, item, authentication })
}

/** (c) get user + search groups. */
export const userAndGroups = (authentication: ApiKeyManager, username: string) =>
  Promise.all([getUser({ username, authentication }), searchGroups({ q: "owner:esri", authentication })])
