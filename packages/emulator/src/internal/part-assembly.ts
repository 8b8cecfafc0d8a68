/**
 * A multipart upload's data file assembled while its parts arrive, so that `commit` has only the last parts left to
 * append instead of the whole file to copy (1 GiB: ~1.5 s of copying after the commit on the 2-CPU bench machine —
 * time every client waited on the status poll).
 *
 * Each upload in progress (keyed by its parts directory) appends its parts in order, in the background, to a file of
 * its own inside the parts directory (`.assembling-<random>`, which `partNumbers` does not list): part n is appended
 * once parts 1 … n−1 are, so parts arriving out of order wait for their predecessors. What the portal allows makes
 * the assembly give up, never go wrong:
 *
 * - a part sent again (replacing one already appended, or the one being appended) marks the assembly broken — the
 *   commit then concatenates every part from scratch, as it did before this module;
 * - an upload cancelled or restarted drops its assembly ({@link forgetAssembly}): a running append stops before its
 *   next part, and its file, with a name of its own, is never one a later assembly writes;
 * - an error while appending (the parts directory removed under it) marks it broken too.
 *
 * The data file is only ever renamed into place complete, by {@link assembleParts} at the commit. An upload abandoned
 * without a commit or a cancel keeps its small record here until the process ends (item ids are never reused). After
 * a restart no assembly exists: the first part to arrive starts one, and a commit without one concatenates.
 */
import { mkdirSync, renameSync } from "node:fs"
import { open } from "node:fs/promises"
import { join } from "node:path"
import { appendParts, concatenateParts, copyBuffer, partNumbers, sizeOf } from "./files.ts"
import { hex32 } from "./ids.ts"

interface Assembly {
  /** The file the parts are appended to, inside the parts directory. */
  readonly file: string
  /** The next part number to append (parts 1 … next−1 are in `file`). */
  next: number
  /** The part being appended, if any. */
  appending: number | undefined
  /** Set when the assembly cannot be trusted or is no longer wanted: nothing more is appended. */
  broken: boolean
  /** The appends so far, in order; never rejects. */
  chain: Promise<void>
}

const assemblies = new Map<string, Assembly>()

/** Appends every part that can be appended now: `next`, `next + 1`… while they are on disk. */
const pump = async (dir: string, assembly: Assembly): Promise<void> => {
  if (assembly.broken) return
  const ready = (): Array<number> => {
    const numbers = new Set(partNumbers(dir))
    const run: Array<number> = []
    for (let number = assembly.next; numbers.has(number); number++) run.push(number)
    return run
  }
  let run = ready()
  if (run.length === 0) return
  const out = await open(assembly.file, "a")
  try {
    const buffer = copyBuffer()
    while (run.length > 0 && !assembly.broken) {
      for (const number of run) {
        if (assembly.broken) break
        assembly.appending = number
        await appendParts(out, dir, [number], buffer, () => assembly.broken)
        assembly.appending = undefined
        if (!assembly.broken) assembly.next = number + 1
      }
      run = ready()
    }
  } finally {
    assembly.appending = undefined
    await out.close()
  }
}

/**
 * Part `partNum` of the upload whose parts are in `dir` is now on disk (called right after it was moved there):
 * starts or continues that upload's assembly.
 */
export const partArrived = (dir: string, partNum: number): void => {
  let assembly = assemblies.get(dir)
  if (assembly === undefined) {
    assembly = {
      file: join(dir, `.assembling-${hex32()}`),
      next: 1,
      appending: undefined,
      broken: false,
      chain: Promise.resolve(),
    }
    assemblies.set(dir, assembly)
  }
  const current = assembly
  if (partNum < current.next || partNum === current.appending) current.broken = true
  if (current.broken || partNum !== current.next) return
  current.chain = current.chain.then(() =>
    pump(dir, current).catch(() => {
      current.broken = true
    }),
  )
}

/** Drops the assembly of the upload whose parts are in `dir` (cancelled or restarted): nothing more is appended. */
export const forgetAssembly = (dir: string): void => {
  const assembly = assemblies.get(dir)
  if (assembly === undefined) return
  assembly.broken = true
  assemblies.delete(dir)
}

/**
 * The commit's assembly: the parts `numbers` (1 … n, checked by the caller) of `dir` become the file `to`, renamed
 * into place complete; returns its size. Uses what was assembled while the parts arrived when it can be trusted,
 * appending only the parts not yet in it; otherwise concatenates every part.
 */
export const assembleParts = async (dir: string, numbers: ReadonlyArray<number>, to: string): Promise<number> => {
  const assembly = assemblies.get(dir)
  assemblies.delete(dir)
  if (assembly !== undefined) {
    await assembly.chain
    if (!assembly.broken && assembly.next > 1) {
      const out = await open(assembly.file, "a")
      try {
        await appendParts(
          out,
          dir,
          numbers.filter((number) => number >= assembly.next),
          copyBuffer(),
        )
      } finally {
        await out.close()
      }
      mkdirSync(join(to, ".."), { recursive: true })
      renameSync(assembly.file, to)
      return sizeOf(to)
    }
    assembly.broken = true
  }
  return concatenateParts(dir, numbers, to)
}
