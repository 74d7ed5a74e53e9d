import assert from "node:assert/strict";
import { runCli } from "../../src/cli/mod.ts";
import type { CliIo } from "../../src/cli/io.ts";

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

Deno.test("runCli() prints usage for --help and exits 0", async () => {
  const io = captureIo();
  assert.equal(await runCli(["--help"], io), 0);
  assert.match(io.stdout, /edgebgp serve \[--config FILE\]/);
});

Deno.test("runCli() rejects an unknown command with usage and exit 2", async () => {
  const io = captureIo();
  assert.equal(await runCli(["frobnicate"], io), 2);
  assert.match(io.stderr, /unknown command "frobnicate"/);
  assert.match(io.stderr, /Usage:/);
});

Deno.test("runCli() rejects an unknown serve flag with exit 2", async () => {
  const io = captureIo();
  assert.equal(await runCli(["serve", "--bogus"], io), 2);
  assert.match(io.stderr, /bogus/);
});

Deno.test("runCli() version prints version, commit, deno and target", async () => {
  const io = captureIo();
  assert.equal(await runCli(["version"], io), 0);
  assert.match(io.stdout, /^edgebgp \d+\.\d+\.\d+\ncommit \S+\ndeno \S+\ntarget \S+\n$/);
});

Deno.test("runCli() serve refuses an invalid config with exit 2 and every error", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/bad.yaml`;
  await Deno.writeTextFile(file, `asn: "x"\nrouter_id: "1.2.3"\nlisten_addr: "1.2.3.4"\n`);
  const io = captureIo();
  try {
    assert.equal(await runCli(["serve", "--config", file], io), 2);
    assert.match(io.stderr, /asn: "x" is not an AS number/);
    assert.match(io.stderr, /router_id: "1\.2\.3" is not a dotted-quad/);
    assert.match(io.stderr, /listen_addr: .*missing port/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
