// The part of autocannon's API the B6 worker uses (the package ships no types).
declare module "autocannon" {
  interface Options {
    readonly url: string
    readonly connections: number
    readonly duration: number
    readonly headers?: Record<string, string>
  }
  interface Result {
    readonly requests: { readonly total: number; readonly average: number }
    readonly duration: number
    readonly errors: number
    readonly timeouts: number
    readonly non2xx: number
  }
  export default function autocannon(options: Options): Promise<Result>
}
