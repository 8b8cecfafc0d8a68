import type { EmulatorHandle } from "../src/index.ts"

export type Json = Record<string, any>

/** A tiny HTTP client for the emulator: form or multipart bodies, token in the header. */
export const client = (emulator: EmulatorHandle) => {
  const call = async (
    path: string,
    options: {
      method?: "GET" | "POST"
      params?: Record<string, string>
      token?: string
      files?: Record<string, Blob | [Blob, string]>
      query?: Record<string, string>
    } = {},
  ) => {
    const method = options.method ?? "POST"
    const url = new URL(`${emulator.restUrl}/${path}`)
    url.searchParams.set("f", "json")
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
    const headers: Record<string, string> = options.token ? { "X-Esri-Authorization": `Bearer ${options.token}` } : {}
    let body: BodyInit | undefined
    if (method === "GET")
      for (const [name, value] of Object.entries(options.params ?? {})) url.searchParams.set(name, value)
    else if (options.files) {
      const form = new FormData()
      for (const [name, value] of Object.entries(options.params ?? {})) form.append(name, value)
      for (const [name, file] of Object.entries(options.files)) {
        if (Array.isArray(file)) form.append(name, file[0], file[1])
        else form.append(name, file, `${name}.bin`)
      }
      body = form
    } else body = new URLSearchParams(options.params ?? {})
    return fetch(url, { method, headers, ...(body === undefined ? {} : { body }) })
  }
  const json = async (...args: Parameters<typeof call>): Promise<Json> => (await (await call(...args)).json()) as Json
  const signIn = async (account: { username: string; password: string }) =>
    (await json("generateToken", { params: { username: account.username, password: account.password } }))
      .token as string
  return { call, json, signIn }
}
