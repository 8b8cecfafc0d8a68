/**
 * Node-only pieces of `@arcgis-portal/auth-token`: saved profiles (a file system and, when
 * available, the OS keyring).
 *
 * @packageDocumentation
 */

export * as Profiles from "./Profiles.ts"
export {
  type ClientCertificateFactory,
  type FromProfileOptions,
  fromProfile,
  type Keyring,
  type KeyringAvailability,
  type Options as ProfileOptions,
  type PkiCredentials,
  type Profile,
  type ProfileAuth,
  type ProfileConnection,
  ProfileError,
  type ProfileErrorReason,
  type ProfileInput,
  type ProfileSummary,
  type RotatedRefreshToken,
  type SecretStore,
} from "./Profiles.ts"
