/**
 * A handle on the portal's asynchronous work: publishing, exporting, creating and copying services,
 * and assembling multipart uploads. `wait` polls the item's `status` on a `Schedule` (every 2 s by
 * default) until the job completes, reporting each status it sees; interrupting the fiber stops the
 * polling. A job the portal reports as failed becomes a {@link JobFailed} carrying its `statusMessage`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 * @see arcgis.gis.Item.status
 * @module
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { Item, JobStatus } from "./ItemSchema.ts"

/** The kinds of jobs `status` knows (`upload` is the item's own status, sent without `jobType`). */
export type JobType = "publish" | "export" | "createService" | "generateFeatures" | "upload"

/**
 * The portal reported the job as failed (or the polling schedule ended first). `statusMessage` is
 * what the portal said, as text.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 * @see arcgis.gis.Item.status
 */
export class JobFailed extends Data.TaggedError("JobFailed")<{
  /** `<Service>.<method>` that started the job. */
  readonly operation: string
  readonly itemId: string
  readonly jobId: string | undefined
  readonly jobType: JobType
  /** The last status seen (`failed`, `esriJobFailed`, … or a non-final one when polling gave up). */
  readonly status: string
  readonly statusMessage: string
  readonly message: string
}> {
  /** A failed job does not succeed by asking again. */
  get retryable(): boolean {
    return false
  }
}

/** Options of {@link Job.wait}. */
export interface WaitOptions {
  /** When to poll again. Default: every 2 seconds (`Schedule.spaced("2 seconds")`), forever. */
  readonly schedule?: Schedule.Schedule<unknown, unknown> | undefined
  /** Called with every status the portal reports, including the last one. */
  readonly onProgress?: ((status: JobStatus) => void) | undefined
}

/**
 * An asynchronous job on the portal and how to wait for its result.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 * @see arcgis.gis.Item.status
 */
export interface Job {
  /** The item the job produces (the service item of a publish, the export item of an export). */
  readonly itemId: string
  /** The portal's job id, when it gave one. */
  readonly jobId: string | undefined
  readonly jobType: JobType
  /** The user whose content holds the item (status is read through that user's content). */
  readonly owner: string
  /** Polls until the job completes and returns the finished item. */
  readonly wait: (options?: WaitOptions) => Effect.Effect<Item, JobFailed | PortalError.PortalFailure>
}

/** The default polling schedule: every 2 seconds. */
export const defaultSchedule: Schedule.Schedule<unknown, unknown> = Schedule.spaced("2 seconds")

const succeeded = new Set(["completed", "esriJobSucceeded"])
const failed = new Set(["failed", "esriJobFailed", "esriJobCancelled", "esriJobTimedOut", "cancelled"])

/** `true` when a status is final (success or failure). */
export const isFinal = (status: string): boolean => succeeded.has(status) || failed.has(status)

/** The portal's `statusMessage` as text (it is sometimes a JSON object or a JSON string). */
export const messageOf = (statusMessage: unknown): string => {
  if (statusMessage === undefined || statusMessage === null) return ""
  if (typeof statusMessage === "string") return statusMessage
  return JSON.stringify(statusMessage)
}

/** What {@link make} needs: how to read the status and the finished item. */
export interface JobSpec {
  readonly operation: string
  readonly itemId: string
  readonly jobId: string | undefined
  readonly jobType: JobType
  readonly owner: string
  readonly status: Effect.Effect<JobStatus, PortalError.PortalFailure>
  readonly item: Effect.Effect<Item, PortalError.PortalFailure>
}

/** Polls `status` on `schedule` until it is final; fails with {@link JobFailed} unless it completed. */
export const poll = (
  spec: Omit<JobSpec, "item">,
  options: WaitOptions = {},
): Effect.Effect<JobStatus, JobFailed | PortalError.PortalFailure> =>
  spec.status.pipe(
    Effect.tap((status) => Effect.sync(() => options.onProgress?.(status))),
    Effect.repeat({ schedule: options.schedule ?? defaultSchedule, until: (status) => isFinal(status.status) }),
    Effect.flatMap((last) => {
      if (succeeded.has(last.status)) return Effect.succeed(last)
      const statusMessage = failed.has(last.status)
        ? messageOf(last.statusMessage)
        : "The polling schedule ended before the job finished."
      return Effect.fail(
        new JobFailed({
          operation: spec.operation,
          itemId: spec.itemId,
          jobId: spec.jobId,
          jobType: spec.jobType,
          status: last.status,
          statusMessage,
          message: `The ${spec.jobType} job for item ${spec.itemId} ended with status ${last.status}${statusMessage ? `: ${statusMessage}` : "."}`,
        }),
      )
    }),
    Effect.withSpan(`${spec.operation}.wait`, { attributes: { "job.type": spec.jobType } }),
  )

/** Makes a job handle. */
export const make = (spec: JobSpec): Job => ({
  itemId: spec.itemId,
  jobId: spec.jobId,
  jobType: spec.jobType,
  owner: spec.owner,
  wait: (options) => Effect.andThen(poll(spec, options), spec.item),
})
