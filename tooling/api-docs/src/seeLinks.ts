import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"

/** A `@see` URL in a doc comment that is not a well-formed https URL under an allowed prefix. */
export interface SeeProblem {
  /** Absolute path of the source file. */
  readonly file: string
  readonly line: number
  /** The declaration the comment documents (`registerItem`), or `module comment`. */
  readonly subject: string
  readonly url: string
  readonly problem: string
}

const sourceFiles = (dir: string): Array<string> =>
  (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.(c|m)?tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : []
  })

const declarationName = (code: string): string => {
  const declaration =
    /^(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/.exec(
      code,
    )
  if (declaration?.[1] !== undefined) return declaration[1]
  const member =
    /^(?:(?:readonly|static|public|protected|override|get|set|async)\s+)*([A-Za-z_$][\w$]*)\??\s*[:(<=]/.exec(code)
  if (member?.[1] !== undefined) return member[1]
  if (/^(import|export\s*\*|export\s*\{)/.test(code)) return "module comment"
  return code.slice(0, 60)
}

// A URL with a scheme; and any other token with a slash or a colon-slash, which is a URL missing its scheme or
// mistyped (`developers.arcgis.com/rest/…`, `https:/host`). Python names (`arcgis.gis.Item.share`) have neither.
const schemeUrl = /[A-Za-z][\w+.-]*:\/\/[^\s<>"'`|{}()[\]]+/g
const slashToken = /[^\s<>"'`|{}()[\]]*\/[^\s<>"'`|{}()[\]]*/g

/** Why `url` may not be a `@see` target, or `undefined` when it may. */
export const seeUrlProblem = (url: string, allowedPrefixes: ReadonlyArray<string>): string | undefined => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return "is not a well-formed URL"
  }
  if (parsed.protocol !== "https:") return `uses ${parsed.protocol.slice(0, -1)}, not https`
  // The URL parser forgives `https:/host` and `https:host`; a reader's browser may not.
  if (!url.toLowerCase().startsWith("https://")) return "is not a well-formed URL (write https://…)"
  if (parsed.username !== "" || parsed.password !== "") return "carries credentials"
  if (!allowedPrefixes.some((prefix) => parsed.href.startsWith(prefix))) {
    return `is not under an allowed prefix (${allowedPrefixes.join(", ")}; see tooling/api-docs/src/config.ts)`
  }
  return undefined
}

/** The URLs (and URL-like tokens) in the text of one `@see` tag. */
export const seeUrls = (text: string): Array<string> => {
  const urls = [...text.matchAll(schemeUrl)].map((match) => match[0])
  const rest = text.replace(schemeUrl, " ")
  const others = [...rest.matchAll(slashToken)].map((match) => match[0])
  return [...urls, ...others].map((url) => url.replace(/[.,;:]+$/, "")).filter((url) => url.length > 0)
}

/**
 * Every `@see` tag in the doc comments of the TypeScript files under `dirs` (exported or not — an endpoint file's
 * REST link is read by the next maintainer as much as by users), checked with {@link seeUrlProblem}.
 */
export const checkSeeTags = (
  dirs: ReadonlyArray<string>,
  allowedPrefixes: ReadonlyArray<string>,
): Array<SeeProblem> => {
  const problems: Array<SeeProblem> = []
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, "utf8")
    for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const startLine = text.slice(0, block.index).split("\n").length
      const after = text.slice(block.index + block[0].length)
      const nextCode = after.split("\n").find((line) => line.trim() !== "") ?? ""
      const subject = declarationName(nextCode.trim())
      const lines = (block[1] ?? "").split("\n").map((line) => line.replace(/^\s*\*?\s?/, ""))
      lines.forEach((line, index) => {
        const tag = /^@see\b(.*)$/.exec(line.trim())
        if (tag === null) return
        let content = tag[1] ?? ""
        for (let next = index + 1; next < lines.length && !/^\s*@\w/.test(lines[next] ?? ""); next++) {
          content += ` ${lines[next] ?? ""}`
        }
        for (const url of seeUrls(content)) {
          const problem = seeUrlProblem(url, allowedPrefixes)
          if (problem !== undefined) problems.push({ file, line: startLine + index, subject, url, problem })
        }
      })
    }
  }
  return problems
}
