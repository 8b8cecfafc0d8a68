/**
 * A token expiring mid-stream of a large paged listing: `items` items are added, then listed with
 * `Content.searchAll` (parallel prefetch) by a session whose token lives `tokenTtlSeconds`, each search page held
 * back `pageDelayMs` so the listing outlives the token. The result says whether the listing came back complete,
 * in order and without duplicates, and how many times the token was renewed while it ran.
 */
import { builtInUser } from "@arcgis-portal/auth-token"
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { startEmulator } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

export interface ListingOptions {
  /** How many items the listing returns. */
  readonly items: number
  /** The emulator's token lifetime. Default 2 s. */
  readonly tokenTtlSeconds?: number | undefined
  /** Results per page. Default 100. */
  readonly pageSize?: number | undefined
  /** Pages fetched ahead. Default 4. */
  readonly concurrency?: number | undefined
  /** Extra latency added to every search request, so the listing outlives its token. Default 50 ms. */
  readonly pageDelayMs?: number | undefined
  readonly log?: ((line: string) => void) | undefined
}

export interface ListingResult {
  readonly items: number
  readonly listed: number
  readonly distinct: number
  readonly inOrder: boolean
  /** Tokens issued while the listing ran (≥ 1 means it was renewed mid-stream). */
  readonly renewals: number
  readonly pages: number
  readonly seedSeconds: number
  readonly listSeconds: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const runExpiringListing = async (options: ListingOptions): Promise<ListingResult> => {
  const pageSize = options.pageSize ?? 100
  const delay = options.pageDelayMs ?? 50
  const emulator = await startEmulator({ tokenTtlSeconds: options.tokenTtlSeconds ?? 2 })
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (url.includes("/sharing/rest/search")) await sleep(delay)
    return globalThis.fetch(input, init)
  }) as typeof globalThis.fetch
  const runtime = ManagedRuntime.make(
    Content.layer.pipe(
      Layer.provideMerge(
        Portal.layer({
          url: emulator.url,
          fetch,
          auth: builtInUser({
            username: emulator.accounts.publisher.username,
            password: Redacted.make(emulator.accounts.publisher.password),
          }),
        }),
      ),
    ),
  )
  const count = (suffix: string) => emulator.requestLog().filter((entry) => entry.path.endsWith(suffix)).length
  try {
    const tag = `listing${Date.now().toString(36)}`
    const seedStart = performance.now()
    await runtime.runPromise(
      Effect.forEach(
        Array.from({ length: options.items }, (_, index) => index),
        (index) =>
          Effect.flatMap(Content.Content, (content) =>
            content.add({
              properties: { title: `${tag}-${String(index).padStart(6, "0")}`, type: "Web Map", tags: [tag] },
              data: { text: {} },
            }),
          ),
        { concurrency: 32, discard: true },
      ),
    )
    const seedSeconds = (performance.now() - seedStart) / 1000
    options.log?.(`  seeded ${options.items} items in ${seedSeconds.toFixed(1)} s`)
    const tokensBefore = count("/generateToken")
    const pagesBefore = count("/search")
    const listStart = performance.now()
    const listed = await runtime.runPromise(
      Effect.flatMap(Content.Content, (content) =>
        Stream.runCollect(
          content.searchAll(`tags:${tag}`, {
            sortField: "title",
            sortOrder: "asc",
            pageSize,
            concurrency: options.concurrency ?? 4,
          }),
        ),
      ),
    )
    const listSeconds = (performance.now() - listStart) / 1000
    const titles = Array.from(listed, (item) => item.title)
    return {
      items: options.items,
      listed: titles.length,
      distinct: new Set(titles).size,
      inOrder: titles.every((title, index) => index === 0 || titles[index - 1]! < title),
      renewals: count("/generateToken") - tokensBefore,
      pages: count("/search") - pagesBefore,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      listSeconds: Math.round(listSeconds * 10) / 10,
    }
  } finally {
    await runtime.dispose()
    await emulator.stop()
  }
}
