/** `@arcgis-portal/reliability`: the fault campaign (`runCampaign`) and its CLI (`dist/cli.js`). */
export { type CampaignOptions, type CampaignResult, runCampaign, type Stage, type StageResult } from "./campaign.ts"
export { type ListingOptions, type ListingResult, runExpiringListing } from "./listing.ts"
