/**
 * The flags every command takes, as `effect/cli` global settings: they may appear anywhere on the line
 * (`arcgis-portal --json search parks` or `arcgis-portal search parks --json`), and a handler reads them with `yield*`.
 */
import * as Config from "effect/Config"
import { Flag, GlobalFlag } from "effect/cli"

/** `--portal <url>`: the portal to talk to (default: the profile's). Falls back to `ARCGIS_PORTAL`. */
export const PortalUrl = GlobalFlag.Setting("portal")({
  flag: Flag.String("portal").pipe(
    Flag.withMetavar("url"),
    Flag.withDescription(
      "The portal, e.g. https://org.maps.arcgis.com or https://host/portal (default: the profile's; env ARCGIS_PORTAL)",
    ),
    Flag.withFallbackConfig(Config.String("ARCGIS_PORTAL")),
    Flag.optional,
  ),
})

/** `--profile <name>`: the saved sign-in to use. Falls back to `ARCGIS_PROFILE`, then `default`. */
export const ProfileName = GlobalFlag.Setting("profile")({
  flag: Flag.String("profile").pipe(
    Flag.withMetavar("name"),
    Flag.withDescription("The saved sign-in to use (env ARCGIS_PROFILE; default: default)"),
    Flag.withFallbackConfig(Config.String("ARCGIS_PROFILE")),
    Flag.optional,
  ),
})

/** `--json`: one JSON document on stdout. */
export const Json = GlobalFlag.Setting("json")({
  flag: Flag.Boolean("json").pipe(
    Flag.withDescription("Print one JSON document on stdout (for scripts)"),
    Flag.withDefault(false),
  ),
})

/** `--ndjson`: one JSON line per result, written as the results arrive. */
export const Ndjson = GlobalFlag.Setting("ndjson")({
  flag: Flag.Boolean("ndjson").pipe(
    Flag.withDescription("Print one JSON line per result, streamed as results arrive"),
    Flag.withDefault(false),
  ),
})

/** `--verbose`: each request on stderr (method, path, status — never a secret), and errors with their request. */
export const Verbose = GlobalFlag.Setting("verbose")({
  flag: Flag.Boolean("verbose").pipe(
    Flag.withDescription("Print every request on stderr (method, path, status; never a secret)"),
    Flag.withDefault(false),
  ),
})

/** Every global setting, in the order `--help` lists them. */
export const all = [PortalUrl, ProfileName, Json, Ndjson, Verbose] as const
