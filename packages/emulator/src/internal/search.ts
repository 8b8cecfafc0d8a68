import type { Route } from "./routes.ts"
export const searchRoutes: ReadonlyArray<Route> = []
