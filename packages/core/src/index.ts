/**
 * `@arcgis-portal/core`: transport, errors, the auth plugin contract, token sessions, paging and
 * uploads for the ArcGIS portal Sharing REST API. Browser-safe; Node-only helpers are in
 * `@arcgis-portal/core/node`, test helpers in `@arcgis-portal/core/testing`.
 *
 * @packageDocumentation
 */
export * as Auth from "./Auth.ts"
export * as AuthStrategy from "./AuthStrategy.ts"
export * as CommonSchema from "./CommonSchema.ts"
export * as Endpoint from "./Endpoint.ts"
export * as Network from "./Network.ts"
export * as OAuthToken from "./OAuthToken.ts"
export * as Paging from "./Paging.ts"
export * as PartStream from "./PartStream.ts"
export * as Portal from "./Portal.ts"
export * as PortalError from "./PortalError.ts"
export * as PortalRequest from "./PortalRequest.ts"
export * as PortalSelf from "./PortalSelf.ts"
export * as RetryPolicy from "./RetryPolicy.ts"
export * as ServiceContext from "./ServiceContext.ts"
export * as TokenSession from "./TokenSession.ts"
export * as Transport from "./Transport.ts"
export * as Upload from "./Upload.ts"
