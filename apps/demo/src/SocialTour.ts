/**
 * The comments-and-ratings chapter: a second user finds the publisher's item, comments on it and
 * rates it (nobody may rate their own item); the owner then reads the comments and the average
 * rating. The rating is withdrawn at clean-up; the comment goes with the item.
 */
import type { GIS, Item } from "@arcgis-portal/gis"
import type { Ledger } from "./Ledger.ts"

export interface SocialTourResult {
  readonly reviewer: string
  readonly commentId: string
  /** The comments the owner sees, as `owner: text`. */
  readonly comments: ReadonlyArray<string>
  readonly rating: number | undefined
  readonly averageRating: number | undefined
  readonly numRatings: number | undefined
}

export const socialTour = async (options: {
  /** The owner's connection and item. */
  readonly gis: GIS
  readonly item: Item
  /** The second user's connection. */
  readonly reviewer: GIS
  readonly reviewerName: string
  readonly ledger: Ledger
  readonly log: (line: string) => void
}): Promise<SocialTourResult> => {
  const { gis, item, ledger, log } = options
  const seen = await options.reviewer.content.get(item.id)
  if (seen === undefined) throw new Error(`${options.reviewerName} cannot see "${item.title}"`)
  const text = `Useful stations, thanks ${item.owner}! (${options.reviewerName}, via the demo)`
  const commentId = await seen.addComment(text)
  const itemEntry = ledger.find("item (CSV)", item.title)
  if (itemEntry !== undefined) ledger.created("comment", commentId, { with: itemEntry })
  log(`${options.reviewerName} commented on "${seen.title}": ${JSON.stringify(text)} (${commentId})`)

  const rated = await seen.setRating(4)
  if (rated) ledger.created("rating", `4 by ${options.reviewerName}`, () => seen.deleteRating(), "withdrawn")
  const rating = await seen.rating()
  log(`${options.reviewerName} rated it: ${rating ?? "(no rating)"} of 5`)

  const comments = (await item.comments()).map((comment) => `${comment.owner ?? "?"}: ${comment.comment}`)
  const fresh = await gis.content.get(item.id)
  const json = fresh?.toJSON()
  log(`The owner sees ${comments.length} comment(s): ${JSON.stringify(comments)}`)
  log(`Average rating: ${json?.avgRating ?? "?"} from ${json?.numRatings ?? "?"} rating(s)`)
  return {
    reviewer: options.reviewerName,
    commentId,
    comments,
    rating,
    averageRating: json?.avgRating,
    numRatings: json?.numRatings,
  }
}
