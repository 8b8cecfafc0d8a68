/**
 * Node-only pieces of `@arcgis-portal/auth-token`: saved profiles (a file system and, when
 * available, the OS keyring).
 *
 * @packageDocumentation
 */

export * as Profiles from "./Profiles.ts"
export {
  fromProfile,
  type Keyring,
  type Options as ProfileOptions,
  type Profile,
  type ProfileAuth,
  type ProfileConnection,
  ProfileError,
  type ProfileErrorReason,
  type ProfileInput,
  type ProfileSummary,
  type SecretStore,
} from "./Profiles.ts"
