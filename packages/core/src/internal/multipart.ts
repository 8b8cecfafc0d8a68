/**
 * Multipart bodies (RFC 7578) as one Blob: the fields and the files' own Blobs, so a file-backed Blob is read only as
 * the body is sent.
 */

const quoted = (value: string) => value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

/** Multipart bodies of this many bytes or more are sent with `redirect: "error"` (see {@link multipartBody}). */
export const unredirectedBodySize = 1024 * 1024

/**
 * A multipart/form-data body (RFC 7578) as one Blob made of the fields and the files' own Blobs, so a
 * file-backed Blob is still read only as the body is sent. (A FormData body would do the same, but
 * aborting one mid-stream makes Node's fetch throw an unhandled ERR_INVALID_STATE that kills the
 * process; a Blob body aborts cleanly.)
 *
 * Node's fetch reads a file-backed Blob with backpressure, but a request that may follow a redirect
 * is cloned first (Fetch standard, "HTTP-network-or-cache fetch"), which tees its body: the
 * branch kept for a resend is never read, so it buffers every byte sent until the answer arrives —
 * the whole 8 MiB of each upload part in flight (after a forced GC, 23–46 MiB of live ArrayBuffers
 * with four parts in flight, against under 2 MiB without the clone). Only `redirect: "error"` skips the
 * clone, so bodies of {@link unredirectedBodySize} bytes or more are sent that way: a redirect then
 * fails the request instead of being followed (after a 301/302/303 fetch would have dropped the body
 * and sent a GET anyway). Smaller bodies keep following redirects.
 */
export const multipartBody = (
  fields: ReadonlyArray<readonly [string, string]>,
  files: ReadonlyArray<readonly [string, { readonly content: Blob; readonly fileName: string }]>,
): { readonly body: Blob; readonly contentType: string } => {
  const boundary = `----arcgis-portal-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
  const parts: Array<BlobPart> = []
  for (const [name, value] of fields) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n`, value, "\r\n")
  }
  for (const [name, file] of files) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(file.fileName)}"\r\n` +
        `Content-Type: ${file.content.type || "application/octet-stream"}\r\n\r\n`,
      file.content,
      "\r\n",
    )
  }
  parts.push(`--${boundary}--\r\n`)
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
