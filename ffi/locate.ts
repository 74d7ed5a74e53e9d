/**
 * Finds and opens the system's libmnl and libc. `--allow-ffi` may be scoped to literal absolute
 * paths (a bare soname is then refused and symlink aliases are not canonicalised), so the
 * loader tries a fixed list of absolute candidates; the same list belongs in the permission
 * flags. A missing library is a NetlinkUnavailableError naming every path tried.
 */
import { NetlinkUnavailableError } from "../src/netlink/mod.ts";
import { pathsFromLdCache } from "./ld_cache.ts";

const TRIPLETS = ["x86_64-linux-gnu", "aarch64-linux-gnu"];

/** Absolute places a distribution puts `soname` (Debian/Ubuntu multiarch, Fedora, Arch, local). */
export function standardCandidates(soname: string): string[] {
  const out: string[] = [];
  for (const t of TRIPLETS) out.push(`/usr/lib/${t}/${soname}`, `/lib/${t}/${soname}`);
  out.push(
    `/usr/lib64/${soname}`,
    `/lib64/${soname}`,
    `/usr/lib/${soname}`,
    `/lib/${soname}`,
    `/usr/local/lib/${soname}`,
  );
  return out;
}

/** Reads an environment variable; undefined when unset or not permitted. */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Paths /etc/ld.so.cache lists for `soname`, when reading it is already permitted. */
function ldCacheCandidates(soname: string): string[] {
  try {
    const path = "/etc/ld.so.cache";
    if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return [];
    return pathsFromLdCache(Deno.readFileSync(path), soname);
  } catch {
    return [];
  }
}

/** Candidate paths in the order they are tried. An override replaces the search entirely. */
export function candidates(soname: string, override?: string): string[] {
  if (override !== undefined && override !== "") return [override];
  const out: string[] = [];
  for (const p of [...ldCacheCandidates(soname), ...standardCandidates(soname)]) {
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Opens the first candidate that loads. Throws NetlinkUnavailableError listing every path and
 * why it failed, plus `hint` (which package or variable fixes it).
 */
export function openFirst<S extends Deno.ForeignLibraryInterface>(
  what: string,
  paths: readonly string[],
  symbols: S,
  hint: string,
): { library: Deno.DynamicLibrary<S>; path: string } {
  const reasons: string[] = [];
  for (const path of paths) {
    try {
      return { library: Deno.dlopen(path, symbols), path };
    } catch (e) {
      const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
      reasons.push(`${path} (${msg})`);
    }
  }
  throw new NetlinkUnavailableError(
    `netlink unavailable: cannot load ${what}; ${hint}. Searched: ${reasons.join(", ")}`,
    [...paths],
  );
}
