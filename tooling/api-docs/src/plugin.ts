import path from "node:path"
import {
  type Application,
  type Context,
  Converter,
  DeclarationReflection,
  ReflectionKind,
  SignatureReflection,
  type SourceReference,
} from "typedoc"
import type { PublicPackage } from "./packages.ts"

/**
 * A TypeDoc plugin that names each entry-point module by its import path (`@arcgis-portal/core/node`) instead of
 * its file path (`packages/core/src/node`), so the reference reads like the `import` a user writes and
 * `{@link @arcgis-portal/core!Portal}` resolves. Renaming happens before links are resolved.
 */
export const importPathModuleNames =
  (packages: ReadonlyArray<PublicPackage>) =>
  (app: Application): void => {
    const importPaths = new Map(
      packages.flatMap((pkg) => pkg.entries.map((entry) => [path.resolve(entry.source), entry.importPath] as const)),
    )
    app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context: Context) => {
      for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
        const file = module.sources?.[0]?.fullFileName
        const importPath = file === undefined ? undefined : importPaths.get(path.resolve(file))
        if (importPath !== undefined) module.name = importPath
      }
    })
  }

const inDependency = (source: SourceReference): boolean => source.fullFileName.includes("/node_modules/")

const declaredInDependency = (reflection: DeclarationReflection): boolean => {
  const sources = [
    ...(reflection.sources ?? []),
    ...(reflection.signatures ?? []).flatMap((signature) => signature.sources ?? []),
    ...(reflection.getSignature?.sources ?? []),
    ...(reflection.setSignature?.sources ?? []),
  ]
  return sources.length > 0 && sources.every(inDependency)
}

/**
 * A TypeDoc plugin that leaves out the members a class or interface inherits from a dependency: an Effect service
 * class (`class Items extends Context.Service<…>`) would otherwise list `of`, `pipe` (20 overloads), `key`,
 * `Service`… and an error class every member of `Error` and Effect's `YieldableError` — the Effect and TypeScript
 * documentation covers those, and each page here keeps only what the package itself declares.
 */
export const withoutDependencyMembers = (app: Application): void => {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context: Context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (
        reflection instanceof DeclarationReflection &&
        reflection.parent?.kindOf(ReflectionKind.ClassOrInterface) === true &&
        declaredInDependency(reflection)
      ) {
        context.project.removeReflection(reflection)
      } else if (
        (reflection instanceof DeclarationReflection || reflection instanceof SignatureReflection) &&
        reflection.sources?.some(inDependency) === true &&
        !reflection.sources.every(inDependency)
      ) {
        // Declared here and merged with a dependency's declaration (`message` of an error class): link only to ours.
        reflection.sources = reflection.sources.filter((source) => !inDependency(source))
      }
    }
  })
}
