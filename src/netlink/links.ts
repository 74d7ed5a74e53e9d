/** Link and address reads over a NetlinkSocket: dumps, lookups, name <-> index. */
import type { IpFamily } from "../common/ip.ts";
import { type Address, decodeAddress, encodeAddressDumpRequest } from "./addr_msg.ts";
import { NLM_F, RTM } from "./constants.ts";
import { decodeLink, encodeLinkDumpRequest, encodeLinkGetRequest, type Link } from "./link_msg.ts";
import type { NetlinkSocket } from "./socket.ts";

export class LinkApi {
  #socket: NetlinkSocket;

  constructor(socket: NetlinkSocket) {
    this.#socket = socket;
  }

  /** Every link in the namespace. */
  async list(): Promise<Link[]> {
    for (let attempt = 0;; attempt++) {
      const out: Link[] = [];
      const { interrupted } = await this.#socket.dump(
        (w, seq) => encodeLinkDumpRequest(w, RTM.GETLINK, NLM_F.REQUEST | NLM_F.DUMP, seq),
        "RTM_GETLINK dump",
        (m) => {
          if (m.type === RTM.NEWLINK) out.push(decodeLink(m.payload));
        },
      );
      if (!interrupted || attempt >= 2) return out;
    }
  }

  /** One link by index or name; NetlinkError ENODEV if there is none. */
  async get(which: number | string): Promise<Link> {
    const sel = typeof which === "number" ? { index: which } : { name: which };
    const replies = await this.#socket.request(
      (w, seq) => encodeLinkGetRequest(w, RTM.GETLINK, NLM_F.REQUEST | NLM_F.ACK, seq, sel),
      `RTM_GETLINK ${which}`,
    );
    const m = replies.find((r) => r.type === RTM.NEWLINK);
    if (!m) throw new Error(`RTM_GETLINK ${which}: no link in the reply`);
    return decodeLink(m.payload);
  }

  /** Every address of one family, or both. */
  async addresses(family?: IpFamily): Promise<Address[]> {
    for (let attempt = 0;; attempt++) {
      const out: Address[] = [];
      const { interrupted } = await this.#socket.dump(
        (w, seq) =>
          encodeAddressDumpRequest(w, RTM.GETADDR, NLM_F.REQUEST | NLM_F.DUMP, seq, family),
        "RTM_GETADDR dump",
        (m) => {
          if (m.type !== RTM.NEWADDR) return;
          const a = decodeAddress(m.payload);
          if (a) out.push(a);
        },
      );
      if (!interrupted || attempt >= 2) return out;
    }
  }

  /** Index of the link called `name`, or undefined. */
  async indexOf(name: string): Promise<number | undefined> {
    return (await this.list()).find((l) => l.name === name)?.index;
  }

  /** Name of link `index`, or undefined. */
  async nameOf(index: number): Promise<string | undefined> {
    return (await this.list()).find((l) => l.index === index)?.name;
  }
}
