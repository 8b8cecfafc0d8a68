// Bundle-weight entry (b) a multipart upload — rest-js.
import { session, upload } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([upload(authentication, input?.files?.[0] ?? new File([], "empty.csv"))]).then(console.log, console.error)
