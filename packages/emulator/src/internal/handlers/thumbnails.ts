/** Thumbnails of users and groups (and the file names of item thumbnails): storing an upload, serving the file. */
import { join } from "node:path"
import { fileNotFound, RawBody } from "../errors.ts"
import { contentTypeOf, moveInto, openFile, removeDir } from "../files.ts"
import type { UploadedFile } from "../request.ts"

/** The name an uploaded thumbnail is kept under: its own, made safe, when it names an image; else `thumbnail.png`. */
export const thumbnailName = (fileName: string): string =>
  /\.(png|jpe?g|gif)$/i.test(fileName) ? fileName.replace(/[^\w.-]/g, "_") : "thumbnail.png"

/** Replaces what `directory` holds with the uploaded thumbnail; returns the name it is kept under. */
export const replaceThumbnail = (directory: string, file: UploadedFile): string => {
  const name = thumbnailName(file.fileName)
  removeDir(directory)
  moveInto(file.path, join(directory, name))
  return name
}

/** The thumbnail `name` in `directory`, when it is the one its row records (`stored`); a 404 otherwise. */
export const thumbnailFile = (directory: string, stored: string | null, name: string): RawBody => {
  const file =
    name.includes("/") || name.includes("..") || stored !== name ? undefined : openFile(join(directory, name))
  if (file === undefined) throw fileNotFound()
  return new RawBody(file.stream, contentTypeOf(name), name, file.size)
}
