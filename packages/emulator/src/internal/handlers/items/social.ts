/**
 * Comments and ratings of an item (digest §4.10, `content/items/<id>/...`). No privilege covers them, so an API key
 * (which acts only through its privileges) neither comments nor rates.
 */
import { canDeleteComment, requireSession, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { hex32 } from "../../ids.ts"
import { requirePost } from "../../route.ts"
import { transaction } from "../../storage/database.ts"
import {
  commentsPage,
  countComments,
  deleteCommentRow,
  deleteRatingRow,
  findComment,
  insertComment,
  ratingOf,
  saveRating,
} from "../../storage/social.ts"
import { pageFields, paging } from "../paging.ts"
import { findVisibleItem } from "./lookup.ts"

/** `GET content/items/<id>/comments`: oldest first, paged. */
export const comments = (context: Context, match: RegExpExecArray) => {
  const item = findVisibleItem(context, match[1] ?? "")
  const { start, num } = paging(context.params)
  const total = countComments(context.db, item.id)
  const rows = commentsPage(context.db, item.id, num, start - 1)
  return { ...pageFields(start, rows.length, total), comments: rows }
}

/** The comment `content/items/<id>/comments/<commentId>` names, on an item the caller may see. */
const commentOf = (context: Context, match: RegExpExecArray) => {
  const item = findVisibleItem(context, match[1] ?? "")
  const row = findComment(context.db, item.id, match[2] ?? "")
  if (row === undefined) throw badRequest("Comment does not exist or is inaccessible.", [], "CONT_0053")
  return { item, row }
}

/** `GET content/items/<id>/comments/<commentId>`. */
export const comment = (context: Context, match: RegExpExecArray) => {
  const { row } = commentOf(context, match)
  return { ...row, parentId: null, numReplies: 0, latestReply: -1 }
}

/** `POST content/items/<id>/comments/<commentId>/delete`: its author, or whoever may change the item. */
export const deleteComment = (context: Context, match: RegExpExecArray) => {
  const { item, row } = commentOf(context, match)
  requirePost(context)
  requireUser(context)
  if (!canDeleteComment(context, item, row.owner)) throw forbidden()
  transaction(context.db, () => deleteCommentRow(context.db, row.id))
  return { success: true, commentId: row.id }
}

/** `POST content/items/<id>/addComment`: a `comment` of at most 8,192 characters, where comments are enabled. */
export const addComment = (context: Context, match: RegExpExecArray) => {
  // No privilege covers comments and ratings, so an API key (which acts only through its privileges) cannot add them.
  const caller = requireSession(context)
  const item = findVisibleItem(context, match[1] ?? "")
  if (item.comments_enabled === 0) throw badRequest("Comments are disabled for this item.", [], "CONT_0052")
  const text = context.params.get("comment") ?? ""
  if (text.trim() === "") throw badRequest("Invalid request", ["'comment' is required."])
  if (text.length > 8_192) throw badRequest("Invalid request", ["'comment' is too long."])
  const id = hex32()
  transaction(context.db, () =>
    insertComment(context.db, { id, itemId: item.id, owner: caller.username, text }, Date.now()),
  )
  return { success: true, commentId: id }
}

/** `GET content/items/<id>/rating`: the caller's rating of the item (`{}` when none). */
export const rating = (context: Context, match: RegExpExecArray) => {
  const caller = requireUser(context)
  const item = findVisibleItem(context, match[1] ?? "")
  return ratingOf(context.db, item.id, caller.username) ?? {}
}

/** `POST content/items/<id>/addRating`: 1.0 to 5.0, not one's own item; rating again replaces it. */
export const addRating = (context: Context, match: RegExpExecArray) => {
  const caller = requireSession(context)
  const item = findVisibleItem(context, match[1] ?? "")
  if (item.owner === caller.username) throw badRequest("Unable to rate item.", ["You cannot rate your own item."])
  const value = Number(context.params.get("rating"))
  if (!Number.isFinite(value) || value < 1 || value > 5)
    throw badRequest("Invalid rating.", ["'rating' must be a number from 1.0 to 5.0."])
  transaction(context.db, () => saveRating(context.db, item.id, caller.username, value, Date.now()))
  return { success: true }
}

/** `POST content/items/<id>/deleteRating`: the caller's own. */
export const deleteRating = (context: Context, match: RegExpExecArray) => {
  const caller = requireSession(context)
  const item = findVisibleItem(context, match[1] ?? "")
  transaction(context.db, () => deleteRatingRow(context.db, item.id, caller.username))
  return { success: true }
}
