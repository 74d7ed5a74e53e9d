/** Build identity. `deno task compile` keeps these; release builds set the commit. */
export const VERSION = "0.1.0";
export const GIT_COMMIT = "unknown";
