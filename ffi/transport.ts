/**
 * The real netlink Transport: libmnl + libc through Deno FFI, loaded lazily on the first
 * open() so a host without libmnl runs everything except netlink.
 */
import {
  type ChannelOptions,
  type NetlinkChannel,
  NetlinkUnavailableError,
  type Transport,
} from "../src/netlink/mod.ts";
import { MnlChannel } from "./channel.ts";
import { candidates, openFirst, readEnv } from "./locate.ts";
import { type Libc, LIBC_SYMBOLS, type Libmnl, LIBMNL_SYMBOLS } from "./symbols.ts";

/** Environment variable naming libmnl's absolute path (replaces the search). */
export const LIBMNL_ENV = "EDGEBGP_LIBMNL";

export interface LoadedLibraries {
  readonly mnl: Libmnl;
  readonly libc: Libc;
  readonly libmnlPath: string;
  readonly libcPath: string;
  close(): void;
}

/** Opens libmnl and libc now; throws NetlinkUnavailableError naming every path searched. */
export function loadLibraries(libmnlOverride = readEnv(LIBMNL_ENV)): LoadedLibraries {
  if (Deno.build.os !== "linux") {
    throw new NetlinkUnavailableError(`netlink unavailable: ${Deno.build.os} is not Linux`);
  }
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new NetlinkUnavailableError("netlink unavailable: big-endian hosts are not supported");
  }
  const mnl = openFirst(
    "libmnl (libmnl.so.0)",
    candidates("libmnl.so.0", libmnlOverride),
    LIBMNL_SYMBOLS,
    libmnlOverride
      ? `${LIBMNL_ENV}=${libmnlOverride} does not load`
      : `install the libmnl0 package or set ${LIBMNL_ENV} to its absolute path`,
  );
  let libc;
  try {
    libc = openFirst("libc (libc.so.6)", candidates("libc.so.6"), LIBC_SYMBOLS, "glibc required");
  } catch (e) {
    mnl.library.close();
    throw e;
  }
  return {
    mnl: mnl.library.symbols,
    libc: libc.library.symbols,
    libmnlPath: mnl.path,
    libcPath: libc.path,
    close() {
      mnl.library.close();
      libc.library.close();
    },
  };
}

/** Transport over the system libmnl; libraries load on the first open(). */
export class FfiTransport implements Transport {
  #libs: LoadedLibraries | undefined;
  #override: string | undefined;

  /** `libmnlPath` overrides EDGEBGP_LIBMNL and the search. */
  constructor(options: { readonly libmnlPath?: string } = {}) {
    this.#override = options.libmnlPath;
  }

  /** The loaded libraries (loading them if needed). */
  libraries(): LoadedLibraries {
    this.#libs ??= loadLibraries(this.#override ?? readEnv(LIBMNL_ENV));
    return this.#libs;
  }

  open(options: ChannelOptions): NetlinkChannel {
    const libs = this.libraries();
    return new MnlChannel(libs.mnl, libs.libc, {
      groups: options.groups ?? [],
      command: options.command ?? false,
      ...(options.receiveBufferBytes !== undefined
        ? { receiveBufferBytes: options.receiveBufferBytes }
        : {}),
      ...(options.sendBufferBytes !== undefined
        ? { sendBufferBytes: options.sendBufferBytes }
        : {}),
      ...(options.ignoreRouteEchoesOf !== undefined
        ? { ignoreRouteEchoesOf: options.ignoreRouteEchoesOf }
        : {}),
    });
  }

  yieldNow(): Promise<void> {
    // setTimeout, not a microtask: timers and socket reads must get their turn.
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Unloads the libraries; channels must be closed first. */
  close(): void {
    this.#libs?.close();
    this.#libs = undefined;
  }
}
