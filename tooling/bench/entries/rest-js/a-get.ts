// Bundle-weight entry (a) + one more content call (getItem) — rest-js.
import { getItem, searchItems, session } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([searchItems(authentication, input?.value ?? "parks"), getItem(authentication, input?.name ?? "")]).then(
  console.log,
  console.error,
)
