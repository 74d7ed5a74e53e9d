/**
 * Runs main.ts under `deno run` with exactly the permission flags of the `compile` task, so
 * tests prove the permission scope of the shipped binary.
 */
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface DenoJson {
  tasks: Record<string, string>;
}

/** The `--allow-*` flags of a deno.json task. */
export function taskPermissionFlags(task: string): string[] {
  const json = JSON.parse(Deno.readTextFileSync(`${REPO_ROOT}deno.json`)) as DenoJson;
  const cmd = json.tasks[task];
  if (cmd === undefined) throw new Error(`deno.json has no task "${task}"`);
  return cmd.split(/\s+/).filter((w) => w.startsWith("--allow-") || w === "-A");
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `edgebgp ARGS` to completion. */
export async function runEdgebgp(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const out = await edgebgpCommand(args, opts).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A `Deno.Command` for `edgebgp ARGS` under the compile task's permissions. */
export function edgebgpCommand(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...taskPermissionFlags("compile"), `${REPO_ROOT}main.ts`, ...args],
    cwd: opts.cwd ?? REPO_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...(opts.env ? { env: opts.env } : {}),
  });
}
