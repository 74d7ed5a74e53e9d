/** BmpCounters (the speaker's view) to Stat TLVs (RFC 7854 §4.8, RFC 8671 §6.2). */
import { StatType } from "./constants.ts";
import type { BmpCounters, BmpFamilyGauge } from "./source.ts";
import type { StatEntry } from "./types.ts";

// Counters are 32-bit and wrap (RFC 7854 §4.8: "32-bit Counter").
function counter(statType: number, v: number | undefined, out: StatEntry[]): void {
  if (v === undefined) return;
  out.push({ type: "counter", statType, value: Math.max(0, Math.trunc(v)) % 2 ** 32 });
}

function gauge(statType: number, v: number | undefined, out: StatEntry[]): void {
  if (v === undefined) return;
  out.push({ type: "gauge", statType, value: BigInt(Math.max(0, Math.trunc(v))) });
}

function perFamily(
  statType: number,
  list: readonly BmpFamilyGauge[] | undefined,
  out: StatEntry[],
): void {
  for (const f of list ?? []) {
    out.push({
      type: "afi-safi-gauge",
      statType,
      afi: f.afi,
      safi: f.safi,
      value: BigInt(Math.max(0, Math.trunc(f.routes))),
    });
  }
}

/** The Stat TLVs for `c`, in stat type order; empty when no counter is set. */
export function statEntries(c: BmpCounters): StatEntry[] {
  const out: StatEntry[] = [];
  counter(StatType.REJECTED_PREFIXES, c.rejectedPrefixes, out);
  counter(StatType.DUPLICATE_PREFIX_ADVERTISEMENTS, c.duplicatePrefixAdvertisements, out);
  counter(StatType.DUPLICATE_WITHDRAWS, c.duplicateWithdraws, out);
  counter(StatType.CLUSTER_LIST_LOOP, c.clusterListLoops, out);
  counter(StatType.AS_PATH_LOOP, c.asPathLoops, out);
  counter(StatType.ORIGINATOR_ID, c.originatorIdLoops, out);
  counter(StatType.AS_CONFED_LOOP, c.asConfedLoops, out);
  gauge(StatType.ADJ_RIB_IN_ROUTES, c.adjRibInRoutes, out);
  gauge(StatType.LOC_RIB_ROUTES, c.locRibRoutes, out);
  perFamily(StatType.PER_AFI_SAFI_ADJ_RIB_IN_ROUTES, c.adjRibInRoutesPerFamily, out);
  perFamily(StatType.PER_AFI_SAFI_LOC_RIB_ROUTES, c.locRibRoutesPerFamily, out);
  counter(StatType.UPDATES_TREATED_AS_WITHDRAW, c.updatesTreatedAsWithdraw, out);
  counter(StatType.PREFIXES_TREATED_AS_WITHDRAW, c.prefixesTreatedAsWithdraw, out);
  counter(StatType.DUPLICATE_UPDATES, c.duplicateUpdates, out);
  gauge(StatType.ADJ_RIB_OUT_PRE_ROUTES, c.adjRibOutPreRoutes, out);
  gauge(StatType.ADJ_RIB_OUT_POST_ROUTES, c.adjRibOutPostRoutes, out);
  perFamily(StatType.PER_AFI_SAFI_ADJ_RIB_OUT_PRE_ROUTES, c.adjRibOutPreRoutesPerFamily, out);
  perFamily(StatType.PER_AFI_SAFI_ADJ_RIB_OUT_POST_ROUTES, c.adjRibOutPostRoutesPerFamily, out);
  return out;
}
