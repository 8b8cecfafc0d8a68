import path from "node:path"
import {
  DeclarationReflection,
  makeRecursiveVisitor,
  ParameterReflection,
  type ProjectReflection,
  type ReferenceType,
  type Reflection,
  SignatureReflection,
  type SomeType,
  TypeParameterReflection,
} from "typedoc"
import { config } from "./config.ts"
import { brokenLinks, markdownFiles } from "./markdownLinks.ts"
import { repositoryRoot, repositoryTypedocOptions, typedocOptions } from "./options.ts"
import { type PublicPackage, packageOfFile, publicPackages } from "./packages.ts"
import { convertReference, type LoggedMessage, type Reference, reflectionsByName } from "./reference.ts"
import { checkSeeTags } from "./seeLinks.ts"

/** What kind of problem a finding is. */
export type FindingKind =
  | "undocumented"
  | "broken-link"
  | "not-exported"
  | "see-url"
  | "markdown-link"
  | "typedoc-warning"
  | "entry-point"

/** One problem, attributed to the package it is in (`undefined`: repository-wide, such as the root README). */
export interface Finding {
  readonly kind: FindingKind
  readonly packageName: string | undefined
  /** Relative to the root, with `/` separators; `undefined` when TypeDoc named no place. */
  readonly file: string | undefined
  readonly line: number | undefined
  /** The export or declaration concerned (`@arcgis-portal/core.Upload.defaultPartSize`), when there is one. */
  readonly subject: string | undefined
  readonly message: string
}

/** What the check needs; without `root`, the repository with its own tsconfig and landing page. */
export interface CheckOptions {
  /** Another root (a test fixture), whose TypeDoc tsconfig is `tsconfig` (default: `<root>/tsconfig.json`). */
  readonly root?: string
  readonly tsconfig?: string
  readonly notYetChecked?: ReadonlyArray<string>
  readonly intentionallyNotExported?: ReadonlyArray<string>
  readonly seeUrlPrefixes?: ReadonlyArray<string>
  readonly markdownIgnored?: ReadonlyArray<string>
  readonly generatedPaths?: ReadonlyArray<string>
  /** Convert with this reference instead of making one (the build passes the one it renders). */
  readonly reference?: Reference
}

/** The findings split by whether they fail the check. */
export interface CheckResult {
  readonly packages: ReadonlyArray<PublicPackage>
  /** Findings in checked packages and repository-wide files: the check fails when there is any. */
  readonly failing: ReadonlyArray<Finding>
  /** Findings in packages listed in `notYetChecked`: reported, not failing. */
  readonly notYetChecked: ReadonlyArray<Finding>
  readonly elapsedMs: number
}

const toPosix = (file: string): string => file.split(path.sep).join("/")

// The English messages of TypeDoc 0.28's validation (the options pin `lang: "en"`). test/fixtures.test.ts proves the
// undocumented and unresolved-link ones are still recognised; a message no pattern knows still fails the check.
const undocumented = /^(.+) \((\w+)\), defined in (.+), does not have any documentation$/
const notExported = /^(.+), defined in (.+), is referenced by (.+) but not included in the documentation$/
const unresolvedLink =
  /^Failed to resolve link to "(.+)" in (?:comment|readme) for (.+?)(?:\. You may have wanted ".+")?$/
const excludedLink = /^The comment for (.+) links to "(.+)" which was resolved but is not included in the documentation/

/** The first reflection named `name` that has a source position, walking up to a parent that has one. */
const locate = (
  byName: ReadonlyMap<string, ReadonlyArray<Reflection>>,
  name: string,
): { file: string; line: number } | undefined => {
  for (const reflection of byName.get(name) ?? []) {
    let current: Reflection | undefined = reflection
    while (current !== undefined) {
      const source =
        "sources" in current
          ? (current as { sources?: ReadonlyArray<{ fullFileName: string; line: number }> }).sources?.[0]
          : undefined
      if (source !== undefined) return { file: source.fullFileName, line: source.line }
      current = current.parent
    }
  }
  return undefined
}

/** Turns what TypeDoc logged into findings, each with its package, file, line and export. */
export const typedocFindings = (
  root: string,
  packages: ReadonlyArray<PublicPackage>,
  project: ProjectReflection,
  messages: ReadonlyArray<LoggedMessage>,
  readme?: string,
): Array<Finding> => {
  const byName = reflectionsByName(project)
  const place = (file: string | undefined, line: number | undefined) => ({
    packageName: file === undefined ? undefined : packageOfFile(packages, file)?.name,
    file: file === undefined ? undefined : toPosix(path.relative(root, file)),
    line,
  })
  const at = (name: string) => {
    const found = locate(byName, name)
    return place(found?.file, found?.line)
  }
  return messages.map((message): Finding => {
    const text = message.text
    const missing = undocumented.exec(text)
    if (message.validation && missing !== null) {
      const [, name = "", kind = "", definedIn = ""] = missing
      const pkg = packages.find((candidate) => definedIn.startsWith(`${candidate.name}/`))
      const located = at(name)
      const file = pkg === undefined ? located.file : `${pkg.relativeDir}/${definedIn.slice(pkg.name.length + 1)}`
      return {
        kind: "undocumented",
        packageName: pkg?.name ?? located.packageName,
        file,
        line: located.file === file ? located.line : undefined,
        subject: name,
        message: `${kind} ${name} has no doc comment`,
      }
    }
    const unexported = notExported.exec(text)
    if (message.validation && unexported !== null) {
      const [, typeName = "", definedIn = "", referencedBy = ""] = unexported
      return {
        kind: "not-exported",
        ...at(referencedBy),
        subject: referencedBy,
        message: `${referencedBy} uses ${typeName} (defined in ${definedIn}), which is not exported: export it from an entry point`,
      }
    }
    const unresolved = unresolvedLink.exec(text)
    if (message.validation && unresolved !== null) {
      const [, link = "", name = ""] = unresolved
      // A link in the landing page (the `readme` option) belongs to no export: point at the page itself.
      const where = text.includes(" in readme for ") && readme !== undefined ? place(readme, undefined) : at(name)
      return { kind: "broken-link", ...where, subject: name, message: `{@link ${link}} in ${name} does not resolve` }
    }
    const excluded = excludedLink.exec(text)
    if (message.validation && excluded !== null) {
      const [, name = "", link = ""] = excluded
      return {
        kind: "broken-link",
        ...at(name),
        subject: name,
        message: `{@link ${link}} in ${name} points at something that is not in the reference`,
      }
    }
    // Anything else TypeDoc warned about (an unknown tag, a bad relative path): attributed by the position TypeDoc
    // gave, else repository-wide — so an unrecognised warning fails the check instead of vanishing.
    return {
      kind: "typedoc-warning",
      ...place(message.file, message.line),
      subject: undefined,
      message: `TypeDoc ${message.level}: ${text}`,
    }
  })
}

/**
 * Types a public export uses but no entry point exports (an options interface left in `src/internal/`): the reader
 * of the reference meets a name with no page. TypeDoc's own `notExported` validation only looks at the package in
 * the working directory, so the check walks every type reference itself; types of dependencies (Effect, the DOM)
 * are not the packages' to export and are skipped.
 */
export const notExportedFindings = (
  root: string,
  packages: ReadonlyArray<PublicPackage>,
  project: ProjectReflection,
  intentionallyNotExported: ReadonlyArray<string>,
): Array<Finding> => {
  const byName = reflectionsByName(project)
  const seen = new Set<string>()
  const used = new Set<string>()
  const findings: Array<Finding> = []
  for (const owner of Object.values(project.reflections)) {
    // As TypeDoc's own notExported: not `extendedTypes` (the members a type inherits are listed on its page).
    const types: Array<SomeType | undefined> = []
    if (owner instanceof DeclarationReflection) {
      types.push(owner.type, ...(owner.implementedTypes ?? []))
    } else if (owner instanceof SignatureReflection || owner instanceof ParameterReflection) {
      types.push(owner.type)
    } else if (owner instanceof TypeParameterReflection) {
      types.push(owner.type, owner.default)
    }
    const visitor = makeRecursiveVisitor({
      reference: (type: ReferenceType) => {
        const symbol = type.symbolId
        if (type.reflection !== undefined || symbol === undefined || type.refersToTypeParameter) return
        if (type.isIntentionallyBroken() || project.symbolIdHasBeenRemoved(symbol)) return
        const file = symbol.fileName
        if (file === undefined || file.includes(`${path.sep}node_modules${path.sep}`)) return
        const pkg = packageOfFile(packages, path.resolve(file))
        if (pkg === undefined) return
        const key = `${toPosix(path.relative(root, file))}:${symbol.qualifiedName}`
        if (intentionallyNotExported.includes(key)) {
          used.add(key)
          return
        }
        if (seen.has(key)) return
        seen.add(key)
        const name = owner.getFriendlyFullName()
        const found = locate(byName, name)
        findings.push({
          kind: "not-exported",
          packageName: found === undefined ? pkg.name : packageOfFile(packages, found.file)?.name,
          file: toPosix(path.relative(root, found?.file ?? file)),
          line: found?.line,
          subject: name,
          message:
            `${name} uses ${symbol.qualifiedName} (${toPosix(path.relative(root, file))}), which no entry point ` +
            "exports: export it (or stop using it in a public signature)",
        })
      },
    })
    for (const type of types) type?.visit(visitor)
  }
  for (const entry of intentionallyNotExported.filter((entry) => !used.has(entry))) {
    const file = entry.slice(0, entry.lastIndexOf(":"))
    findings.push({
      kind: "not-exported",
      packageName: packageOfFile(packages, path.join(root, file))?.name,
      file: "tooling/api-docs/src/config.ts",
      line: undefined,
      subject: entry,
      message: `intentionallyNotExported lists ${entry}, which no public signature uses any more: delete the entry`,
    })
  }
  return findings
}

/**
 * The check behind `pnpm test`: TypeDoc's validation of the reference (undocumented exports, broken `{@link}`s,
 * types used but not exported), every `@see` URL in the packages' sources, and every relative link in the
 * repository's markdown. Findings in packages listed in `notYetChecked` are returned apart and do not fail.
 */
export const runCheck = async (options: CheckOptions = {}): Promise<CheckResult> => {
  const started = Date.now()
  const root = options.root ?? repositoryRoot
  const packages = publicPackages(root)
  const reference =
    options.reference ??
    (await convertReference(
      options.root === undefined
        ? repositoryTypedocOptions(packages)
        : typedocOptions({ root, packages, tsconfig: options.tsconfig ?? path.join(root, "tsconfig.json") }),
    ))
  const findings: Array<Finding> = packages.flatMap((pkg) =>
    pkg.problems.map(
      (problem): Finding => ({
        kind: "entry-point",
        packageName: pkg.name,
        file: `${pkg.relativeDir}/package.json`,
        line: undefined,
        subject: pkg.name,
        message: `${pkg.name}: ${problem}`,
      }),
    ),
  )
  const readme = reference.app.options.getValue("readme")
  findings.push(
    ...typedocFindings(
      root,
      packages,
      reference.project,
      reference.messages,
      readme === "none" ? undefined : path.resolve(readme),
    ),
  )
  findings.push(
    ...notExportedFindings(
      root,
      packages,
      reference.project,
      options.intentionallyNotExported ?? config.intentionallyNotExported,
    ),
  )

  for (const problem of checkSeeTags(
    packages.map((pkg) => path.join(pkg.dir, "src")),
    options.seeUrlPrefixes ?? config.seeUrlPrefixes,
  )) {
    findings.push({
      kind: "see-url",
      packageName: packageOfFile(packages, problem.file)?.name,
      file: toPosix(path.relative(root, problem.file)),
      line: problem.line,
      subject: problem.subject,
      message: `${problem.subject}: @see ${problem.url} ${problem.problem}`,
    })
  }

  for (const file of markdownFiles(root, options.markdownIgnored ?? config.markdownIgnored)) {
    for (const link of brokenLinks(root, file, options.generatedPaths ?? config.generatedPaths)) {
      findings.push({
        kind: "markdown-link",
        packageName: packageOfFile(packages, file)?.name,
        file: toPosix(path.relative(root, file)),
        line: link.line,
        subject: undefined,
        message: `link to ${link.target} does not resolve to a file in the repository`,
      })
    }
  }

  const pending = new Set(options.notYetChecked ?? config.notYetChecked)
  const isPending = (finding: Finding) => finding.packageName !== undefined && pending.has(finding.packageName)
  return {
    packages,
    failing: findings.filter((finding) => !isPending(finding)),
    notYetChecked: findings.filter(isPending),
    elapsedMs: Date.now() - started,
  }
}

/** One finding as a line: `file:line  message`. */
export const formatFinding = (finding: Finding): string =>
  `${finding.file ?? "(no file)"}${finding.line === undefined ? "" : `:${finding.line}`}  ${finding.message}`

/** The report the command line and the test print. */
export const formatReport = (result: CheckResult, options: { readonly listNotYetChecked?: boolean } = {}): string => {
  const lines: Array<string> = []
  if (result.failing.length === 0) {
    lines.push(`api-docs check: no problems in the checked packages (${result.packages.length} public packages).`)
  } else {
    lines.push(`api-docs check: ${result.failing.length} problem(s):`)
    for (const finding of result.failing) lines.push(`  ${formatFinding(finding)}`)
  }
  const byPackage = new Map<string, Array<Finding>>()
  for (const finding of result.notYetChecked) {
    const name = finding.packageName ?? "(none)"
    byPackage.set(name, [...(byPackage.get(name) ?? []), finding])
  }
  for (const [name, findings] of byPackage) {
    lines.push(`not yet checked (config.notYetChecked): ${name}, ${findings.length} problem(s)`)
    if (options.listNotYetChecked) for (const finding of findings) lines.push(`  ${formatFinding(finding)}`)
  }
  return lines.join("\n")
}
