/**
 * ffi/: the only code that calls Deno.dlopen / Deno.UnsafePointer*. It binds the socket
 * lifecycle of the system libmnl (libmnl0) and a few libc calls, and implements
 * src/netlink's Transport. Libraries load lazily on first use; a missing library raises
 * NetlinkUnavailableError naming every path searched, and nothing else in the daemon depends
 * on them. It does not build or parse messages (src/netlink does, in TypeScript).
 */
export { FfiTransport, LIBMNL_ENV, type LoadedLibraries, loadLibraries } from "./transport.ts";
export { candidates, standardCandidates } from "./locate.ts";
export { pathsFromLdCache } from "./ld_cache.ts";
