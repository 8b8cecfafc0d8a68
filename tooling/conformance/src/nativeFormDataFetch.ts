/**
 * rest-js 4.10.2 in Node builds multipart bodies with formdata-node's `FormData` and sends them with the global
 * `fetch`, which does not know that class: the body goes out as the text `[object FormData]` (no file, no token —
 * Esri/arcgis-rest-js#1033, pinned in test/Content.integration.test.ts). This wrapper hands `fetch` a native
 * FormData with the same entries (file entries read into memory); every other request passes through untouched.
 * Used by the conformance suites and by tooling/bench's B2.
 */
export const nativeFormDataFetch =
  (inner: typeof fetch): typeof fetch =>
  async (input, init) => {
    const body = init?.body as unknown
    if (
      typeof body === "object" &&
      body !== null &&
      !(body instanceof FormData) &&
      (body as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "FormData"
    ) {
      const native = new FormData()
      for (const [name, value] of body as Iterable<[string, string | File]>) {
        if (typeof value === "string") native.append(name, value)
        else native.append(name, new File([await value.arrayBuffer()], value.name, { type: value.type }))
      }
      return inner(input, { ...init, body: native })
    }
    return inner(input, init)
  }
