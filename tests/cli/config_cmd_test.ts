/** `edgebgp config check|print` and `serve` with several --config files (in-process). */
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/mod.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { DEFAULT_CONFIG_YAML, loadConfig } from "../../src/config/mod.ts";
import { REPO_ROOT } from "../_helpers/run_edgebgp.ts";

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

async function withFiles(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("config check prints the normalized config of merged files and exits 0", async () => {
  const io = captureIo();
  const files = ["config/examples/bgpgg.yaml", "config/examples/netlink.toml"].map((f) =>
    `${REPO_ROOT}${f}`
  );
  assert.equal(await runCli(["config", "check", ...files], io), 0);
  assert.match(io.stderr, /config OK/);
  const printed = loadConfig({ name: "stdout.yaml", text: io.stdout });
  const direct = loadConfig(
    files.map((f) => ({ name: f, text: Deno.readTextFileSync(f) })),
  );
  assert.deepStrictEqual(printed, direct);
});

Deno.test("config check lists every error of every file and exits 2", async () => {
  await withFiles({
    "a.yaml": "asn: 65000\nrouter_id: 10.0.0.1\nlisten_addr: 10.0.0.1:179\nhold_time_secs: 2\n",
    "b.toml": "[global.config]\nport = 1179\n[[neighbors]]\n  [neighbors.config]\n" +
      '    neighbor-address = "10.0.0.2"\n    peer_as = 1\n',
  }, async (dir) => {
    const io = captureIo();
    assert.equal(await runCli(["config", "check", `${dir}/a.yaml`, `${dir}/b.toml`], io), 2);
    assert.equal(io.stdout, "");
    assert.equal(
      io.stderr,
      `edgebgp: invalid config (3 errors):\n` +
        `${dir}/a.yaml:4:17: hold_time_secs: 2 is out of range; allowed: 0 or 3..65535 (RFC 4271 §4.2)\n` +
        `${dir}/b.toml:2:1: global.config.port: 1179 conflicts with "10.0.0.1:179" set at ${dir}/a.yaml:3:14 (listen_addr)\n` +
        `${dir}/b.toml:6:5: neighbors[0].config.peer_as: unknown key; did you mean peer-as?\n`,
    );
  });
});

Deno.test("config print without files prints the embedded default", async () => {
  const io = captureIo();
  assert.equal(await runCli(["config", "print"], io), 0);
  assert.deepStrictEqual(
    loadConfig({ name: "out.yaml", text: io.stdout }),
    loadConfig({ name: "default", text: DEFAULT_CONFIG_YAML }),
  );
});

Deno.test("config usage errors exit 2 with usage", async () => {
  for (
    const args of [["config"], ["config", "lint"], ["config", "check"], ["config", "print", "-x"]]
  ) {
    const io = captureIo();
    assert.equal(await runCli(args, io), 2, args.join(" "));
    assert.match(io.stderr, /Usage:/);
  }
});

Deno.test("config check names a missing file", async () => {
  const io = captureIo();
  assert.equal(await runCli(["config", "check", "/nonexistent/x.yaml"], io), 2);
  assert.match(io.stderr, /cannot read config \/nonexistent\/x\.yaml: no such file/);
});

Deno.test("serve merges every --config file and refuses a conflict between them", async () => {
  await withFiles({
    "a.yaml": "asn: 65000\nrouter_id: 10.0.0.1\nlisten_addr: 127.0.0.1:1179\n",
    "b.toml": "[global.config]\nas = 65001\n",
  }, async (dir) => {
    const io = captureIo();
    assert.equal(
      await runCli(["serve", "--config", `${dir}/a.yaml`, "--config", `${dir}/b.toml`], io),
      2,
    );
    assert.match(io.stderr, /invalid config, not starting/);
    assert.match(
      io.stderr,
      /b\.toml:2:1: global\.config\.as: 65001 conflicts with 65000 set at .*a\.yaml:1:6 \(asn\)/,
    );
  });
});

Deno.test("usage text lists the config commands", async () => {
  const io = captureIo();
  assert.equal(await runCli(["--help"], io), 0);
  assert.match(io.stdout, /edgebgp config check FILE\.\.\./);
  assert.match(io.stdout, /edgebgp config print \[FILE\.\.\.\]/);
});
