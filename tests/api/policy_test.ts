import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { formatPrefix } from "../../src/common/ip.ts";
import { PortRange, rejection, withServer } from "./_server.ts";

const ports = new PortRange(25150, 25199);

Deno.test("AddDefinedSet / ListDefinedSets round-trip every set kind in canonical form", async () => {
  await withServer(ports, async ({ client, control }) => {
    const sets = [
      {
        setType: "prefix-set",
        name: "lab",
        prefixSet: {
          prefixes: [
            { prefix: "203.0.113.0/24", masklengthRange: "24..28" },
            { prefix: "198.51.100.0/24" },
            { prefix: "2001:db8::/32", masklengthRange: "48.." },
          ],
        },
      },
      { name: "nbrs", neighborSet: { addresses: ["192.0.2.1", "10.0.0.0/8"] } },
      { name: "paths", asPathSet: { patterns: ["^65001_", "_65002$"] } },
      { name: "tags", communitySet: { communities: ["65001:100", "4259840100", "no-export"] } },
      { name: "rts", extCommunitySet: { extCommunities: ["RT:65001:1", "soo:192.0.2.1:7"] } },
      { name: "larges", largeCommunitySet: { largeCommunities: ["65001:1:2"] } },
    ];
    for (const set of sets) {
      const r = await client.unary("AddDefinedSet", { set });
      assert.deepEqual([r.success, r.message], [true, `defined set '${set.name}' added`]);
    }
    const lab = control.definedSets.get("prefix-set/lab")!;
    assert.equal(lab.type, "prefix-set");
    if (lab.type === "prefix-set") {
      assert.deepEqual(
        lab.prefixes.map((p) => [formatPrefix(p.prefix), p.minLength, p.maxLength]),
        [["203.0.113.0/24", 24, 28], ["198.51.100.0/24", 24, 24], ["2001:db8::/32", 48, 128]],
      );
    }
    const listed = (await client.unary("ListDefinedSets", {})).sets;
    assert.deepEqual(listed.map((s) => [s.setType, s.name]), [
      ["prefix-set", "lab"],
      ["neighbor-set", "nbrs"],
      ["as-path-set", "paths"],
      ["community-set", "tags"],
      ["ext-community-set", "rts"],
      ["large-community-set", "larges"],
    ]);
    assert.deepEqual(
      listed[0]!.prefixSet!.prefixes.map((p) => [p.prefix, p.masklengthRange]),
      [["203.0.113.0/24", "24..28"], ["198.51.100.0/24", null], ["2001:db8::/32", "48..128"]],
    );
    assert.deepEqual(listed[1]!.neighborSet!.addresses, ["192.0.2.1", "10.0.0.0/8"]);
    assert.deepEqual(listed[3]!.communitySet!.communities, ["65001:100", "65000:100", "NO_EXPORT"]);
    assert.deepEqual(listed[4]!.extCommunitySet!.extCommunities, ["rt:65001:1", "ro:192.0.2.1:7"]);
    const filtered = await client.unary("ListDefinedSets", { setType: "community-set" });
    assert.deepEqual(filtered.sets.map((s) => s.name), ["tags"]);
    const byName = await client.unary("ListDefinedSets", { name: "rts" });
    assert.deepEqual(byName.sets.map((s) => s.setType), ["ext-community-set"]);
  });
});

Deno.test("AddDefinedSet: duplicates in-band unless replace; bad members INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client }) => {
    const set = { name: "t", communitySet: { communities: ["1:1"] } };
    await client.unary("AddDefinedSet", { set });
    const dup = await client.unary("AddDefinedSet", { set });
    assert.deepEqual([dup.success, dup.message], [false, "defined set 't' already exists"]);
    const replaced = await client.unary("AddDefinedSet", { set, replace: true });
    assert.equal(replaced.success, true);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^invalid set: missing/],
      [{ set: { name: "x" } }, /^invalid set: no set data/],
      [{ set: { communitySet: { communities: [] } } }, /^invalid set\.name: ""/],
      [
        { set: { name: "x", communitySet: { communities: ["65536:1"] } } },
        /^invalid set\.community_set\.communities\[0\]: "65536:1" is not a community/,
      ],
      [
        {
          set: {
            name: "x",
            prefixSet: { prefixes: [{ prefix: "10.0.0.0/8", masklengthRange: "4..9" }] },
          },
        },
        /^invalid set\.prefix_set\.prefixes\[0\]\.masklength_range: "4\.\.9" is not/,
      ],
      [
        { set: { name: "x", prefixSet: { prefixes: [{ prefix: "10.0.0.1/8" }] } } },
        /^invalid set\.prefix_set\.prefixes\[0\]\.prefix: "10\.0\.0\.1\/8": host bits set/,
      ],
      [
        { set: { name: "x", asPathSet: { patterns: ["(unclosed"] } } },
        /^invalid set\.as_path_set\.patterns\[0\]: "\(unclosed" is not a valid regular expression/,
      ],
      [
        { set: { name: "x", extCommunitySet: { extCommunities: ["rt:1"] } } },
        /^invalid set\.ext_community_set\.ext_communities\[0\]: "rt:1" is not an extended community/,
      ],
      [
        { set: { name: "x", setType: "prefix-set", neighborSet: { addresses: ["10.0.0.1"] } } },
        /^invalid set\.set_type: "prefix-set" does not match the neighbor-set data/,
      ],
    ];
    for (const [req, re] of cases) {
      const e = await rejection(client.unary("AddDefinedSet", req));
      assert.equal(e.code, status.INVALID_ARGUMENT, String(re));
      assert.match(e.details, re);
    }
  });
});

Deno.test("RemoveDefinedSet: idempotent, refused in-band while referenced, bad type INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddDefinedSet", { set: { name: "lab", prefixSet: { prefixes: [] } } });
    await client.unary("AddPolicy", {
      name: "p",
      statements: [{
        conditions: { matchPrefixSet: { setName: "lab" } },
        actions: { reject: true },
      }],
    });
    const busy = await client.unary("RemoveDefinedSet", { setType: "prefix-set", name: "lab" });
    assert.deepEqual(
      [busy.success, busy.message],
      [false, "cannot remove prefix-set 'lab': referenced by policy 'p'"],
    );
    await client.unary("RemovePolicy", { name: "p" });
    const ok = await client.unary("RemoveDefinedSet", { setType: "prefix-set", name: "lab" });
    assert.deepEqual([ok.success, ok.message], [true, "defined set 'lab' removed"]);
    const again = await client.unary("RemoveDefinedSet", { setType: "prefix-set", name: "lab" });
    assert.deepEqual([again.success, again.message], [true, "defined set 'lab' not present"]);
    assert.equal(control.definedSets.size, 0);
    const e = await rejection(client.unary("RemoveDefinedSet", { setType: "prefix", name: "lab" }));
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.match(e.details, /^invalid set_type: "prefix" is not one of prefix-set, neighbor-set/);
    const e2 = await rejection(client.unary("ListDefinedSets", { setType: "bogus" }));
    assert.equal(e2.code, status.INVALID_ARGUMENT);
  });
});

Deno.test("AddPolicy / ListPolicies: conditions and actions round-trip; same name replaces", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddDefinedSet", { set: { name: "lab", prefixSet: { prefixes: [] } } });
    const statements = [
      {
        conditions: {
          matchPrefixSet: { setName: "lab", matchOption: "invert" },
          prefix: "10.0.0.0/8",
          neighbor: "192.0.2.1",
        },
        actions: {
          accept: true,
          localPref: 300,
          med: 10,
          addCommunities: ["65001:1", "no-export"],
        },
      },
      { actions: { reject: true } },
    ];
    const r = await client.unary("AddPolicy", { name: "in", statements });
    assert.deepEqual([r.success, r.message], [true, "policy 'in' added"]);
    const def = control.policies.get("in")!;
    assert.equal(def.statements.length, 2);
    assert.deepEqual(def.statements[0]!.actions, {
      routeDisposition: "accept",
      localPref: 300,
      med: { op: "set", value: 10 },
      community: { operation: "add", values: ["65001:1", "NO_EXPORT"] },
    });
    assert.deepEqual(def.statements[0]!.conditions.prefixSet, {
      setName: "lab",
      matchOption: "invert",
    });
    const [p] = (await client.unary("ListPolicies", { name: "in" })).policies;
    assert.equal(p!.name, "in");
    const s0 = p!.statements[0]!;
    assert.equal(s0.conditions!.matchPrefixSet!.matchOption, "invert");
    assert.equal(s0.conditions!.prefix, "10.0.0.0/8");
    assert.equal(s0.conditions!.neighbor, "192.0.2.1");
    assert.equal(s0.actions!.accept, true);
    assert.equal(s0.actions!.reject, null);
    assert.equal(s0.actions!.localPref, 300);
    assert.deepEqual(s0.actions!.addCommunities, ["65001:1", "NO_EXPORT"]);
    assert.equal(p!.statements[1]!.actions!.reject, true);
    await client.unary("AddPolicy", { name: "in", statements: [{ actions: { accept: true } }] });
    assert.equal(control.policies.get("in")!.statements.length, 1);
    assert.equal((await client.unary("ListPolicies", {})).policies.length, 1);
  });
});

Deno.test("AddPolicy errors: unknown set in-band; bad values INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client }) => {
    const missing = await client.unary("AddPolicy", {
      name: "p",
      statements: [{ conditions: { matchCommunitySet: { setName: "nope" } } }],
    });
    assert.deepEqual([missing.success, missing.message], [false, "community-set 'nope' not found"]);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, 'invalid name: "" (a policy name is required)'],
      [{ name: "_builtin" }, 'invalid name: "_builtin" (names starting with "_" are reserved)'],
      [
        { name: "p", statements: [{ actions: { accept: true, reject: true } }] },
        "invalid statements[0].actions: accept and reject are both true",
      ],
      [
        { name: "p", statements: [{ actions: { addCommunities: ["x:y"] } }] },
        'invalid statements[0].actions.add_communities[0]: "x:y" is not a community',
      ],
      [
        {
          name: "p",
          statements: [{ conditions: { matchPrefixSet: { setName: "a", matchOption: "most" } } }],
        },
        'invalid statements[0].conditions.match_prefix_set.match_option: "most" is not "any", "all" or "invert"',
      ],
      [
        { name: "p", statements: [{ conditions: { neighbor: "1.2.3" } }] },
        'invalid statements[0].conditions.neighbor: "1.2.3" is not an IPv4 or IPv6 address',
      ],
    ];
    for (const [req, message] of cases) {
      const e = await rejection(client.unary("AddPolicy", req));
      assert.equal(e.code, status.INVALID_ARGUMENT, message);
      assert.ok(e.details.startsWith(message), `${e.details} should start with ${message}`);
    }
  });
});

Deno.test("RemovePolicy: idempotent, refused in-band while assigned", async () => {
  await withServer(ports, async ({ client }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    await client.unary("AddPolicy", { name: "p", statements: [{ actions: { accept: true } }] });
    await client.unary("SetPolicyAssignment", {
      peerAddress: "10.0.0.1",
      direction: "export",
      policyNames: ["p"],
    });
    const busy = await client.unary("RemovePolicy", { name: "p" });
    assert.deepEqual([busy.success, busy.message], [
      false,
      "cannot remove policy 'p': assigned to peer 10.0.0.1",
    ]);
    await client.unary("SetPolicyAssignment", {
      peerAddress: "10.0.0.1",
      direction: "export",
      policyNames: [],
    });
    const ok = await client.unary("RemovePolicy", { name: "p" });
    assert.deepEqual([ok.success, ok.message], [true, "policy 'p' removed"]);
    const again = await client.unary("RemovePolicy", { name: "p" });
    assert.deepEqual([again.success, again.message], [true, "policy 'p' not present"]);
  });
});

Deno.test("SetPolicyAssignment replaces a peer's list; unknown peer/policy in-band; bad input INVALID_ARGUMENT", async () => {
  await withServer(ports, async ({ client, control }) => {
    await client.unary("AddPeer", { address: "10.0.0.1" });
    await client.unary("AddPolicy", { name: "a", statements: [] });
    await client.unary("AddPolicy", { name: "b", statements: [] });
    const r = await client.unary("SetPolicyAssignment", {
      peerAddress: "10.0.0.1",
      direction: "import",
      policyNames: ["a", "b"],
      defaultAction: "reject",
    });
    assert.deepEqual([r.success, r.message], [true, "import policies of 10.0.0.1 set to [a, b]"]);
    assert.deepEqual(
      control.calls.at(-1),
      "setPolicyAssignment 10.0.0.1 import [a,b] default=reject",
    );
    const peer = (await client.unary("GetPeer", { address: "10.0.0.1" })).peer!;
    assert.deepEqual(peer.importPolicies, ["a", "b"]);
    const unknownPolicy = await client.unary("SetPolicyAssignment", {
      peerAddress: "10.0.0.1",
      direction: "import",
      policyNames: ["zzz"],
    });
    assert.deepEqual([unknownPolicy.success, unknownPolicy.message], [
      false,
      "policy 'zzz' not found",
    ]);
    const unknownPeer = await client.unary("SetPolicyAssignment", {
      peerAddress: "10.0.0.2",
      direction: "import",
    });
    assert.deepEqual([unknownPeer.success, unknownPeer.message], [
      false,
      "peer 10.0.0.2 not found",
    ]);
    let e = await rejection(
      client.unary("SetPolicyAssignment", { peerAddress: "10.0.0.1", direction: "both" }),
    );
    assert.equal(e.code, status.INVALID_ARGUMENT);
    assert.equal(e.details, 'invalid direction: "both" is not "import" or "export"');
    e = await rejection(
      client.unary("SetPolicyAssignment", {
        peerAddress: "10.0.0.1",
        direction: "import",
        defaultAction: "drop",
      }),
    );
    assert.equal(e.details, 'invalid default_action: "drop" is not "accept" or "reject"');
    e = await rejection(
      client.unary("SetPolicyAssignment", { peerAddress: "x", direction: "import" }),
    );
    assert.match(e.details, /^invalid peer_address: "x"/);
  });
});
