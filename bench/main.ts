/**
 * `deno task bench`: runs every bench/*_bench.ts in its own process (so one's heap does not
 * skew another) and passes through their JSON lines: {"bench":..., "value":..., "unit":...}.
 * `deno task bench NAME` runs only the benches whose file name contains NAME.
 */
const filter = Deno.args[0] ?? "";
const dir = new URL(".", import.meta.url);
const files = [...Deno.readDirSync(dir)]
  .map((e) => e.name)
  .filter((n) => n.endsWith("_bench.ts") && n.includes(filter))
  .sort();
let failed = 0;
for (const name of files) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--v8-flags=--max-old-space-size=8192,--expose-gc",
      new URL(name, dir).href,
    ],
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await child.output();
  if (code !== 0) failed++;
}
Deno.exit(failed === 0 ? 0 : 1);
