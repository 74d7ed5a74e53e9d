import assert from "node:assert/strict";
import { parseKey } from "../../src/common/prefix_key.ts";
import { checkPeerRules, ErrorAction, type UpdateMessage } from "../../src/wire/mod.ts";

const U: UpdateMessage = {
  type: "update",
  withdrawn: { afi: 1, safi: 1, prefixes: [] },
  attributes: {
    origin: 0,
    asPath: [{ type: 2, asns: [65002, 65003] }],
    nextHop: "192.0.2.1",
    localPref: 300,
    originatorId: "10.0.0.1",
    clusterList: ["10.0.0.2"],
  },
  nlri: { afi: 1, safi: 1, prefixes: [parseKey("10.0.0.0/8")] },
};

Deno.test("checkPeerRules() discards LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from external peers (RFC 7606 §7.5, §7.9, §7.10)", () => {
  const r = checkPeerRules(U, { external: true, enforceFirstAs: 65002 });
  assert.deepEqual(r.issues.map((i) => i.action), [1, 1, 1]);
  assert.equal(r.attributes.localPref, undefined);
  assert.equal(r.attributes.originatorId, undefined);
  assert.equal(r.attributes.clusterList, undefined);
  assert.equal(r.attributes.origin, 0);
});

Deno.test("checkPeerRules() treats a wrong first AS or confederation segments from an external peer as withdraw", () => {
  const wrongFirst = checkPeerRules(U, { external: true, enforceFirstAs: 65009 });
  assert.equal(wrongFirst.issues.at(-1)?.action, ErrorAction.TREAT_AS_WITHDRAW);
  assert.equal(wrongFirst.issues.at(-1)?.notification?.subcode, 11);
  const confed = checkPeerRules(
    { ...U, attributes: { ...U.attributes, asPath: [{ type: 3, asns: [64512] }] } },
    { external: true },
  );
  assert.equal(confed.issues.at(-1)?.action, ErrorAction.TREAT_AS_WITHDRAW);
});

Deno.test("checkPeerRules() requires LOCAL_PREF on internal routes (RFC 7606 §3.d)", () => {
  const { localPref: _, ...noLp } = U.attributes;
  const r = checkPeerRules({ ...U, attributes: noLp }, { external: false });
  assert.equal(r.issues[0]?.action, ErrorAction.TREAT_AS_WITHDRAW);
  assert.deepEqual([...r.issues[0]!.notification!.data], [5]);
  assert.deepEqual(checkPeerRules(U, { external: false }).issues, []);
});
