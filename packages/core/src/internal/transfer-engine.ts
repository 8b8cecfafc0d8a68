/**
 * The engine of transfers — multipart uploads and downloads — and the only file that imports ky. `http.ts` loads it
 * with a dynamic `import()` on a layer's first transfer, so a program that never transfers never loads ky (Node), and a
 * bundler that splits dynamic imports into chunks of their own (Vite, Rollup, webpack, esbuild `--splitting`) keeps
 * ky out of the code a page loads before its first transfer.
 *
 * ky is built once per portal layer over the `Network`'s two fetches (never per request): its own retries are off
 * (`RetryPolicy` is the one retry rule), HTTP errors are not thrown (the envelope decides), its `timeout` gives the
 * `Timeout` TransportError on the wait for each hop's answer, and its `onUploadProgress`/`onDownloadProgress` feed a
 * request's byte progress. Redirects are followed by `http.ts`, so ky sees one hop at a time.
 */
import ky, { type KyInstance, type Options as KyOptions } from "ky"
import type { NetworkShape } from "../Network.ts"
import type { ByteProgress } from "../PortalRequest.ts"

/** One hop of a transfer, as `http.ts` built it. */
export interface Hop {
  /** Whether the hop is inside the credential boundary: it picks the Network's fetch (and ky over it). */
  readonly trusted: boolean
  readonly href: string
  readonly init: RequestInit & { readonly method: string }
  /** The request's own abort signal (interruption and the request's timeout). */
  readonly signal: AbortSignal
  /** When the request's time runs out (epoch ms), or `undefined` for no limit. */
  readonly deadline: number | undefined
  /** Reports the body's bytes as they are sent, when the body can be streamed (not in a browser). */
  readonly onUploadProgress: ((progress: ByteProgress) => void) | undefined
  /** Reports the answer's bytes as they arrive. */
  readonly onDownloadProgress: ((progress: ByteProgress) => void) | undefined
}

/** Sends one hop of a transfer; resolves with its answer (never thrown for an HTTP status). */
export interface TransferEngine {
  readonly send: (hop: Hop) => Promise<Response>
}

/** A hop as ky's fetch receives it, beside the Request ky built. */
interface Sent {
  readonly href: string
  readonly init: RequestInit
  readonly signal: AbortSignal
  /** The body is ky's upload-progress stream: take it from ky's Request. */
  readonly progress: boolean
}

/**
 * ky's progress events as a request's `{ bytes, total }` callback. Without a `Content-Length` ky reports the bytes
 * so far as the total and a `percent` of 0 until the end: the total is unknown then.
 */
const progress =
  (report: (progress: ByteProgress) => void) =>
  (event: { readonly transferredBytes: number; readonly totalBytes: number; readonly percent: number }): void =>
    report({ bytes: event.transferredBytes, total: event.percent === 0 ? undefined : event.totalBytes })

// ky hands its fetch a Request it built; the request as `http.ts` built it travels beside it (`sent`: the init, with
// its headers as a plain object and its body as it was made, and the request's own abort signal), and that is what
// reaches the Network: a URL and an init, never ky's Request. Only the body ky replaced with its upload-progress
// stream is taken from ky's Request. This spares every request a second Request and a composite abort signal, and a
// large upload part the stream copy of a Request body (more of each part live at once). ky's timeout rejects with
// its TimeoutError; the request is then aborted by `http.ts`.
const over = (fetch: typeof globalThis.fetch): KyInstance =>
  ky.create({
    fetch: (input, init) => {
      const { sent } = init as { readonly sent: Sent }
      return fetch(sent.href, {
        ...sent.init,
        ...(sent.progress ? { body: (input as Request).body, duplex: "half" } : {}),
        signal: sent.signal,
      } as RequestInit)
    },
    retry: 0,
    throwHttpErrors: false,
    timeout: false,
  })

/** The transfer engine of one portal layer: ky over each of the Network's fetches. */
export const makeTransferEngine = (network: NetworkShape): TransferEngine => {
  const trusted = over(network.trusted)
  const outside = over(network.public)
  return {
    send: (hop) => {
      const uploading = hop.onUploadProgress !== undefined && hop.init.body !== undefined && hop.init.body !== null
      // ky is given only what it acts on (the method, and the body when it counts it): the headers and the rest
      // travel in `sent`, so ky merges and copies as little as possible.
      return (hop.trusted ? trusted : outside)(hop.href, {
        method: hop.init.method,
        sent: { href: hop.href, init: hop.init, signal: hop.signal, progress: uploading } satisfies Sent,
        // What is left of the request's time: the wait for each hop's answer is ky's timeout.
        timeout: hop.deadline === undefined ? false : Math.max(1, hop.deadline - Date.now()),
        ...(uploading && hop.onUploadProgress !== undefined
          ? { body: hop.init.body, onUploadProgress: progress(hop.onUploadProgress) }
          : {}),
        ...(hop.onDownloadProgress === undefined ? {} : { onDownloadProgress: progress(hop.onDownloadProgress) }),
      } as KyOptions)
    },
  }
}
