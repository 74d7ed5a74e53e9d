/**
 * The cached view of the kernel's links and addresses: filled by a dump, kept current by monitor
 * events. Keyed by ifindex (indexes are reused after deletion, so a new RTM_NEWLINK for an index
 * replaces everything about it) and re-resolved by name on every change.
 */
import { bytesEqual } from "../common/ip.ts";
import type { Address } from "./addr_msg.ts";
import type { Link } from "./link_msg.ts";

export class LinkTable {
  #links = new Map<number, Link>();
  #addrs = new Map<number, Address[]>();

  /** Replaces the whole view (after a dump). */
  reset(links: readonly Link[], addresses: readonly Address[]): void {
    this.#links = new Map(links.map((l) => [l.index, l]));
    this.#addrs = new Map();
    for (const a of addresses) this.#addAddress(a);
  }

  links(): IterableIterator<Link> {
    return this.#links.values();
  }

  link(index: number): Link | undefined {
    return this.#links.get(index);
  }

  byName(name: string): Link | undefined {
    for (const l of this.#links.values()) if (l.name === name) return l;
    return undefined;
  }

  addresses(index: number): readonly Address[] {
    return this.#addrs.get(index) ?? [];
  }

  /** The VRF device called `name` (kind "vrf"), if present. */
  vrf(name: string): Link | undefined {
    const l = this.byName(name);
    return l?.kind === "vrf" ? l : undefined;
  }

  /** The VRF device `index` is enslaved to, if any. */
  vrfOf(index: number): Link | undefined {
    const m = this.#links.get(index)?.master;
    if (m === undefined) return undefined;
    const master = this.#links.get(m);
    return master?.kind === "vrf" ? master : undefined;
  }

  /** Applies RTM_NEWLINK / RTM_DELLINK. Returns whether anything changed. */
  applyLink(op: "new" | "del", link: Link): boolean {
    if (op === "del") {
      this.#addrs.delete(link.index);
      return this.#links.delete(link.index);
    }
    const old = this.#links.get(link.index);
    // A notification may omit attributes a dump carries; keep what it does not mention.
    const merged: Link = old ? { ...old, ...link } : link;
    this.#links.set(link.index, merged);
    return !old || old.name !== merged.name || old.flags !== merged.flags ||
      old.master !== merged.master || old.operstate !== merged.operstate ||
      old.kind !== merged.kind || old.vrfTable !== merged.vrfTable;
  }

  /** Applies RTM_NEWADDR / RTM_DELADDR. Returns whether anything changed. */
  applyAddress(op: "new" | "del", a: Address): boolean {
    const list = this.#addrs.get(a.index) ?? [];
    const i = list.findIndex((x) => sameAddress(x, a));
    if (op === "del") {
      if (i < 0) return false;
      list.splice(i, 1);
      return true;
    }
    if (i >= 0) {
      const old = list[i]!;
      list[i] = a;
      return old.flags !== a.flags || old.scope !== a.scope;
    }
    this.#addAddress(a);
    return true;
  }

  #addAddress(a: Address): void {
    const list = this.#addrs.get(a.index);
    if (list) list.push(a);
    else this.#addrs.set(a.index, [a]);
  }
}

/** Identity of an address on a link: family, local address, prefix length, peer. */
function sameAddress(x: Address, y: Address): boolean {
  if (x.family !== y.family || x.prefixLength !== y.prefixLength || x.index !== y.index) {
    return false;
  }
  const xl = x.local ?? x.address, yl = y.local ?? y.address;
  if (!xl || !yl || !bytesEqual(xl.bytes, yl.bytes)) return false;
  const xa = x.address, ya = y.address;
  return (!xa && !ya) || (!!xa && !!ya && bytesEqual(xa.bytes, ya.bytes));
}
