/**
 * Enforces DESIGN.md's dependency rules: which src/ folders may import which, who may use npm
 * packages, and who may do I/O. Reads source files only.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "./_helpers/run_edgebgp.ts";

type Folder =
  | "common"
  | "wire"
  | "fsm"
  | "rib"
  | "policy"
  | "speaker"
  | "bmp"
  | "netlink"
  | "config"
  | "api"
  | "cli"
  | "ffi";

/** Which project folders each folder may import (besides itself). */
const ALLOWED_IMPORTS: Record<Folder, readonly Folder[]> = {
  common: [],
  wire: ["common"],
  fsm: ["wire", "common"],
  rib: ["wire", "common"],
  policy: ["rib", "wire", "common"],
  bmp: ["wire", "common"],
  netlink: ["common"],
  config: ["common"],
  speaker: ["fsm", "rib", "policy", "bmp", "netlink", "wire", "config", "common"],
  api: ["speaker", "config", "wire", "rib", "policy", "netlink", "bmp", "common"],
  cli: ["api", "speaker", "config", "wire", "rib", "policy", "netlink", "bmp", "common", "ffi"],
  ffi: ["netlink", "common"],
};

/** Bare (npm / node:) specifiers each folder may import. */
const ALLOWED_PACKAGES: Record<Folder, readonly RegExp[]> = {
  common: [],
  wire: [],
  fsm: [],
  rib: [],
  policy: [],
  bmp: [],
  netlink: [],
  ffi: [],
  speaker: [],
  config: [/^yaml$/, /^smol-toml$/],
  api: [/^@grpc\/grpc-js$/, /^protobufjs(\/.*)?$/, /^node:/],
  cli: [/^@grpc\/grpc-js$/, /^protobufjs(\/.*)?$/, /^node:/],
};

/** Platform APIs and the folders (or files) allowed to use them. */
const IO_RULES: { name: string; pattern: RegExp; allowed: (path: string) => boolean }[] = [
  {
    name: "Deno.dlopen / Deno.Unsafe*",
    pattern: /\bDeno\.(dlopen|Unsafe\w*)\b/,
    allowed: (p) => p.startsWith("ffi/"),
  },
  {
    name: "sockets (Deno.listen/connect)",
    pattern: /\bDeno\.(listen|listenTls|connect|connectTls)\b/,
    allowed: (p) =>
      p.startsWith("src/speaker/") || p === "src/bmp/client.ts" || p.startsWith("src/api/") ||
      p.startsWith("src/cli/"),
  },
  {
    name: "timers",
    pattern: /\b(setTimeout|setInterval)\s*\(/,
    allowed: (p) =>
      p.startsWith("src/speaker/") || p === "src/bmp/client.ts" || p.startsWith("src/api/") ||
      p.startsWith("src/cli/") || p.startsWith("ffi/"),
  },
  {
    name: "files and environment",
    pattern: /\bDeno\.(readFile|readTextFile|readFileSync|readTextFileSync|open|openSync|env)\b/,
    allowed: (p) => p.startsWith("src/cli/") || p.startsWith("ffi/"),
  },
  {
    name: "any Deno API in pure folders",
    pattern: /\bDeno\./,
    allowed: (p) =>
      !/^src\/(common|wire|fsm|rib|policy|config|netlink)\//.test(p) &&
      !(p.startsWith("src/bmp/") && p !== "src/bmp/client.ts"),
  },
];

function* walk(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) {
      if (e.name !== "_generated") yield* walk(p);
    } else if (e.name.endsWith(".ts")) yield p;
  }
}

function folderOf(rel: string): Folder | undefined {
  const m = /^src\/([a-z]+)\//.exec(rel) ?? /^(ffi)\//.exec(rel);
  return m?.[1] as Folder | undefined;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const root of ["src", "ffi"]) {
    try {
      for (const f of walk(`${REPO_ROOT}${root}`)) files.push(f.slice(REPO_ROOT.length));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return files;
}

function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

Deno.test("architecture: every source file lives in a known folder", () => {
  const files = sourceFiles();
  assert.ok(files.length > 0);
  const stray = files.filter((f) => folderOf(f) === undefined);
  assert.deepEqual(stray, []);
});

Deno.test("architecture: imports point only where DESIGN.md allows", () => {
  const violations: string[] = [];
  for (const rel of sourceFiles()) {
    const from = folderOf(rel);
    if (!from) continue;
    for (const spec of importsOf(Deno.readTextFileSync(`${REPO_ROOT}${rel}`))) {
      if (spec.startsWith(".")) {
        const target = new URL(spec, `file:///${rel}`).pathname.slice(1);
        const to = folderOf(target);
        if (to === undefined) {
          violations.push(`${rel} imports ${spec}, outside src/ and ffi/`);
        } else if (to !== from && !ALLOWED_IMPORTS[from].includes(to)) {
          violations.push(`${rel} (${from}) imports ${spec} (${to})`);
        }
      } else if (!ALLOWED_PACKAGES[from].some((re) => re.test(spec))) {
        violations.push(`${rel} (${from}) imports package ${spec}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: I/O APIs appear only where DESIGN.md allows", () => {
  const violations: string[] = [];
  for (const rel of sourceFiles()) {
    const text = stripComments(Deno.readTextFileSync(`${REPO_ROOT}${rel}`));
    for (const rule of IO_RULES) {
      if (rule.pattern.test(text) && !rule.allowed(rel)) violations.push(`${rel}: ${rule.name}`);
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: the rules catch a violation (self-test)", () => {
  assert.deepEqual(importsOf(`import { a } from "../speaker/mod.ts";\nimport "yaml";`), [
    "../speaker/mod.ts",
    "yaml",
  ]);
  assert.ok(IO_RULES.some((r) => r.pattern.test("Deno.dlopen(x)") && !r.allowed("src/wire/a.ts")));
  assert.ok(!ALLOWED_IMPORTS.wire.includes("speaker"));
});
