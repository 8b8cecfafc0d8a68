import type { ViteUserConfig } from "vitest/config"
export declare const preset: (
  name: string,
  overrides?: ViteUserConfig["test"],
  options?: { readonly secretScan?: boolean },
) => ViteUserConfig
