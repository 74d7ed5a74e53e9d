/**
 * Reads library paths out of glibc's /etc/ld.so.cache ("glibc-ld.so.cache1.1" format, what
 * `ldconfig -p` prints) without running ldconfig (edgebgp has no subprocess permission).
 *
 * Header (48 bytes): magic "glibc-ld.so.cache" | version "1.1" | u32 nlibs | u32 len_strings |
 * u8 flags | 3 pad | u32 extension_offset | 3 x u32 unused. Then nlibs entries of 24 bytes:
 * i32 flags | u32 key | u32 value | u32 osversion | u64 hwcap, where key (soname) and value
 * (path) are offsets of NUL-terminated strings from the start of the file. Older formats are
 * ignored (the standard directories still cover them).
 */

const MAGIC = "glibc-ld.so.cache1.1";
const HEADER_LEN = 48;
const ENTRY_LEN = 24;

/** Paths the cache lists for `soname`, in cache order; [] for an unknown or damaged cache. */
export function pathsFromLdCache(cache: Uint8Array, soname: string): string[] {
  if (cache.length < HEADER_LEN) return [];
  const dec = new TextDecoder();
  if (dec.decode(cache.subarray(0, MAGIC.length)) !== MAGIC) return [];
  const view = new DataView(cache.buffer, cache.byteOffset, cache.byteLength);
  const nlibs = view.getUint32(20, true);
  const str = (off: number): string | undefined => {
    if (off >= cache.length) return undefined;
    const end = cache.indexOf(0, off);
    return end < 0 ? undefined : dec.decode(cache.subarray(off, end));
  };
  const out: string[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = HEADER_LEN + i * ENTRY_LEN;
    if (at + ENTRY_LEN > cache.length) break;
    if (str(view.getUint32(at + 4, true)) !== soname) continue;
    const path = str(view.getUint32(at + 8, true));
    if (path?.startsWith("/") && !out.includes(path)) out.push(path);
  }
  return out;
}
