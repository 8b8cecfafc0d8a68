import path from "node:path"
import {
  Application,
  Logger,
  LogLevel,
  type MinimalSourceFile,
  type ProjectReflection,
  type Reflection,
  TSConfigReader,
  type TypeDocOptions,
} from "typedoc"

/** A warning or error TypeDoc logged, with the source position it named, if any. */
export interface LoggedMessage {
  readonly level: "warning" | "error"
  readonly text: string
  /** Logged through TypeDoc's validation (`notDocumented`, `invalidLink`, `notExported`…). */
  readonly validation: boolean
  /** Absolute path of the file the message is about, when TypeDoc gave a position. */
  readonly file?: string | undefined
  readonly line?: number | undefined
}

interface TsNodeLike {
  getStart(sourceFile?: unknown, includeJsDoc?: boolean): number
  getSourceFile(): MinimalSourceFile
}

/** Records every warning and error instead of printing it, so the check can attribute each to a package. */
class RecordingLogger extends Logger {
  readonly messages: Array<LoggedMessage> = []
  private inValidation = false
  private position: { file?: string; line?: number } = {}

  override validationWarning(text: Parameters<Logger["validationWarning"]>[0]): void {
    this.inValidation = true
    try {
      super.validationWarning(text)
    } finally {
      this.inValidation = false
    }
  }

  override addContext(message: string, _level: LogLevel, ...args: ReadonlyArray<unknown>): string {
    this.position = {}
    const [first, second] = args
    if (typeof first === "number" && second !== undefined) {
      const file = second as MinimalSourceFile
      this.position = { file: file.fileName, line: file.getLineAndCharacterOfPosition(first).line + 1 }
    } else if (first !== undefined && typeof (first as TsNodeLike).getSourceFile === "function") {
      const node = first as TsNodeLike
      const file = node.getSourceFile()
      this.position = {
        file: file.fileName,
        line: file.getLineAndCharacterOfPosition(node.getStart(file, false)).line + 1,
      }
    }
    return message
  }

  override log(message: string, level: LogLevel): void {
    super.log(message, level)
    if (level >= LogLevel.Warn) {
      this.messages.push({
        level: level === LogLevel.Error ? "error" : "warning",
        text: message,
        validation: this.inValidation,
        file: this.position.file === undefined ? undefined : path.resolve(this.position.file),
        line: this.position.line,
      })
    }
    this.position = {}
  }
}

/** A converted and validated reference, and what TypeDoc said while making it. */
export interface Reference {
  readonly app: Application
  readonly project: ProjectReflection
  /** Every warning and error, from reading the options to validation. */
  readonly messages: ReadonlyArray<LoggedMessage>
}

/**
 * Converts the packages with TypeDoc and runs its validation, recording (not printing) every warning. Options are
 * taken only from `options` and the tsconfig it names — not from the command line or a typedoc.json in the working
 * directory — so the check and the build see the same reference wherever they run from.
 */
export const convertReference = async (options: TypeDocOptions): Promise<Reference> => {
  const app = await Application.bootstrapWithPlugins(options, [new TSConfigReader()])
  const logger = new RecordingLogger()
  if (app.logger.hasErrors()) throw new Error("TypeDoc could not read its options (see the errors above)")
  app.logger = logger
  const project = await app.convert()
  if (project === undefined) {
    const errors = logger.messages.filter((message) => message.level === "error").map((message) => message.text)
    throw new Error(`TypeDoc could not convert the packages:\n  ${errors.join("\n  ")}`)
  }
  app.validate(project)
  return { app, project, messages: logger.messages }
}

/** Every reflection of the project by the name TypeDoc's messages use for it (`getFriendlyFullName`). */
export const reflectionsByName = (project: ProjectReflection): ReadonlyMap<string, ReadonlyArray<Reflection>> => {
  const byName = new Map<string, Array<Reflection>>()
  for (const reflection of Object.values(project.reflections)) {
    const name = reflection.getFriendlyFullName()
    const list = byName.get(name)
    if (list === undefined) byName.set(name, [reflection])
    else list.push(reflection)
  }
  return byName
}
