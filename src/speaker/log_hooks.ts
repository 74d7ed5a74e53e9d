/**
 * Session hooks that only log: one debug line per UPDATE received (how many prefixes it
 * announces and withdraws, per family, and the first few of them). `serve` attaches them, so
 * interop tests and operators at debug level see routes arrive without a RIB query.
 */
import { formatKey, type PrefixKey } from "../common/prefix_key.ts";
import type { Logger } from "../common/log.ts";
import type { NlriList } from "../wire/types.ts";
import type { SessionHooks } from "./hooks.ts";

const SHOWN = 8;

function sample(lists: readonly (NlriList | undefined)[]): { count: number; first: string } {
  let count = 0;
  const first: string[] = [];
  for (const l of lists) {
    if (!l) continue;
    count += l.prefixes.length;
    for (const p of l.prefixes as PrefixKey[]) {
      if (first.length >= SHOWN) break;
      first.push(formatKey(p));
    }
  }
  return { count, first: first.join(",") + (count > first.length ? ",..." : "") };
}

/** Hooks that log UPDATE summaries at debug level (nothing is computed when debug is off). */
export function loggingHooks(log: Logger): SessionHooks {
  return {
    updateReceived(session, update) {
      if (!log.enabled("debug")) return undefined;
      const ann = sample([update.nlri, update.mpReach?.nlri]);
      const wd = sample([update.withdrawn, update.mpUnreach?.withdrawn]);
      const families = [
        ...(update.nlri.prefixes.length + update.withdrawn.prefixes.length > 0 ? ["1/1"] : []),
        ...(update.mpReach ? [`${update.mpReach.afi}/${update.mpReach.safi}`] : []),
        ...(update.mpUnreach ? [`${update.mpUnreach.afi}/${update.mpUnreach.safi}`] : []),
      ];
      log.debug(ann.count === 0 && wd.count === 0 ? "End-of-RIB received" : "UPDATE received", {
        peer: session.peer.address,
        families: [...new Set(families)].join(",") || "1/1",
        announced: ann.count,
        ...(ann.count > 0 ? { prefixes: ann.first } : {}),
        ...(update.mpReach ? { next_hop: update.mpReach.nextHop } : {}),
        ...(update.attributes.nextHop ? { next_hop: update.attributes.nextHop } : {}),
        withdrawn: wd.count,
        ...(wd.count > 0 ? { withdrawn_prefixes: wd.first } : {}),
      });
      return undefined;
    },
  };
}
