import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"

/** A relative link in a markdown file whose target does not exist. */
export interface BrokenMarkdownLink {
  /** Absolute path of the markdown file. */
  readonly file: string
  readonly line: number
  readonly target: string
}

/** Directories never searched for markdown: dependencies, build output, caches, local state. */
const skippedDirectories = new Set([
  "node_modules",
  ".git",
  "dist",
  "dist-web",
  ".turbo",
  ".reports",
  "coverage",
  "portal-data",
])

const toPosix = (file: string): string => file.split(path.sep).join("/")

/** Every `.md` file under `root`, except in {@link skippedDirectories} and under the `ignored` path prefixes. */
export const markdownFiles = (root: string, ignored: ReadonlyArray<string>): Array<string> => {
  const walk = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name)
      const relative = toPosix(path.relative(root, full))
      if (ignored.some((prefix) => relative.startsWith(prefix) || `${relative}/` === prefix)) return []
      if (entry.isDirectory()) return skippedDirectories.has(entry.name) ? [] : walk(full)
      return entry.isFile() && entry.name.endsWith(".md") ? [full] : []
    })
  return walk(root)
}

// Replaces fenced code blocks and inline code spans with spaces (keeping newlines), so links shown as code are not
// read as links and offsets still map to the right line.
const blankCode = (text: string): string => {
  let fence: string | undefined
  const lines = text.split("\n").map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker !== undefined) {
      fence = marker
      return ""
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined
      return ""
    }
    return line
  })
  return lines.join("\n").replace(/(`+)[^`][\s\S]*?\1(?!`)|(`+)(?=[^`])/g, (span) => span.replace(/[^\n]/g, " "))
}

const inlineLink = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g
const referenceDefinition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm

/** Whether `target` is a link this check leaves alone: a URL with a scheme, `//host`, or an anchor in the page. */
const isExternalOrAnchor = (target: string): boolean =>
  /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//") || target.startsWith("#") || target === ""

/**
 * The relative links of `file` (inline links, images and reference definitions, outside code) whose target does
 * not exist: resolved against the file's directory, or the repository root for a leading `/`, without the
 * `#fragment` and `?query`. Targets under `generated` (relative to `root`) exist only after a build and are allowed.
 */
export const brokenLinks = (
  root: string,
  file: string,
  generated: ReadonlyArray<string> = [],
): Array<BrokenMarkdownLink> => {
  const text = blankCode(readFileSync(file, "utf8"))
  const broken: Array<BrokenMarkdownLink> = []
  for (const match of [...text.matchAll(inlineLink), ...text.matchAll(referenceDefinition)]) {
    const raw = (match[1] ?? "").replace(/^<|>$/g, "")
    if (isExternalOrAnchor(raw)) continue
    const withoutFragment = raw.replace(/[#?].*$/, "")
    let decoded: string
    try {
      decoded = decodeURIComponent(withoutFragment)
    } catch {
      decoded = withoutFragment
    }
    const resolved = decoded.startsWith("/") ? path.join(root, decoded) : path.resolve(path.dirname(file), decoded)
    const relative = toPosix(path.relative(root, resolved))
    if (generated.some((prefix) => relative === prefix || relative.startsWith(`${prefix}/`))) continue
    if (!existsSync(resolved)) {
      broken.push({ file, line: text.slice(0, match.index).split("\n").length, target: raw })
    }
  }
  return broken.sort((a, b) => a.line - b.line)
}
