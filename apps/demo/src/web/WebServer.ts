/**
 * Serves the built web page (dist-web) and `/config.json` (where the portal is, which OAuth app),
 * and sends `/callback` to the page, which completes the sign-in.
 */
import { readFile } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { extname, join, normalize } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../dist-web/", import.meta.url))
const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
}

export interface WebServer {
  readonly url: string
  readonly close: () => Promise<void>
}

export const startWebServer = async (
  config: { readonly portalUrl: string; readonly clientId: string },
  port = 0,
): Promise<WebServer> => {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname
    if (path === "/config.json") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config))
      return
    }
    const file = path === "/" || path === "/callback" ? "index.html" : normalize(path).replace(/^[/\\]+/, "")
    if (file.includes("..")) {
      response.writeHead(404).end()
      return
    }
    try {
      const body = await readFile(join(root, file))
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
