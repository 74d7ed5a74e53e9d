/**
 * Shell-style glob matching for interface names (POSIX fnmatch without FNM_PATHNAME/FNM_PERIOD:
 * names contain no '/'): `*` any run, `?` one character, `[abc]` `[a-z]` `[!x]` `[^x]` one
 * character of (or not of) a set, `\x` a literal x. A `]` right after `[` or `[!` is literal.
 * A malformed pattern (an unclosed `[`, a trailing `\`) is an error, not "match nothing":
 * operators learn of the typo at configuration time.
 */

export class GlobSyntaxError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`bad interface pattern "${pattern}": ${reason}`);
    this.name = "GlobSyntaxError";
  }
}

type Token =
  | { readonly type: "char"; readonly ch: string }
  | { readonly type: "any" }
  | { readonly type: "star" }
  | {
    readonly type: "set";
    readonly negated: boolean;
    readonly ranges: readonly (readonly [string, string])[];
  };

/** A compiled pattern. */
export interface Glob {
  readonly pattern: string;
  /** True when the pattern has no wildcard (a literal interface name). */
  readonly literal: boolean;
  matches(name: string): boolean;
}

function parseSet(p: string[], start: number, pattern: string): [Token, number] {
  let i = start + 1;
  let negated = false;
  if (p[i] === "!" || p[i] === "^") {
    negated = true;
    i++;
  }
  const ranges: [string, string][] = [];
  let first = true;
  for (;;) {
    if (i >= p.length) throw new GlobSyntaxError(pattern, "unclosed [");
    let c = p[i]!;
    if (c === "]" && !first) return [{ type: "set", negated, ranges }, i + 1];
    first = false;
    if (c === "\\") {
      if (++i >= p.length) throw new GlobSyntaxError(pattern, "trailing \\");
      c = p[i]!;
    }
    if (p[i + 1] === "-" && i + 2 < p.length && p[i + 2] !== "]") {
      let hi = p[i + 2]!;
      let next = i + 3;
      if (hi === "\\") {
        if (i + 3 >= p.length) throw new GlobSyntaxError(pattern, "trailing \\");
        hi = p[i + 3]!;
        next = i + 4;
      }
      if (hi < c) throw new GlobSyntaxError(pattern, `range ${c}-${hi} is reversed`);
      ranges.push([c, hi]);
      i = next;
    } else {
      ranges.push([c, c]);
      i++;
    }
  }
}

function tokenize(pattern: string): Token[] {
  const p = [...pattern];
  const out: Token[] = [];
  for (let i = 0; i < p.length;) {
    const c = p[i]!;
    if (c === "*") {
      if (out.at(-1)?.type !== "star") out.push({ type: "star" });
      i++;
    } else if (c === "?") {
      out.push({ type: "any" });
      i++;
    } else if (c === "[") {
      const [t, next] = parseSet(p, i, pattern);
      out.push(t);
      i = next;
    } else if (c === "\\") {
      if (i + 1 >= p.length) throw new GlobSyntaxError(pattern, "trailing \\");
      out.push({ type: "char", ch: p[i + 1]! });
      i += 2;
    } else {
      out.push({ type: "char", ch: c });
      i++;
    }
  }
  return out;
}

function one(t: Token, ch: string): boolean {
  switch (t.type) {
    case "char":
      return t.ch === ch;
    case "any":
      return true;
    case "set": {
      const hit = t.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
      return hit !== t.negated;
    }
    case "star":
      return false;
  }
}

/** Iterative match with single-star backtracking (linear in practice, no regex). */
function match(tokens: readonly Token[], name: string): boolean {
  const s = [...name];
  let ti = 0, si = 0;
  let starT = -1, starS = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t && t.type === "star") {
      starT = ti++;
      starS = si;
    } else if (t && one(t, s[si]!)) {
      ti++;
      si++;
    } else if (starT >= 0) {
      ti = starT + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (tokens[ti]?.type === "star") ti++;
  return ti === tokens.length;
}

/** Compiles a pattern; throws GlobSyntaxError. */
export function compileGlob(pattern: string): Glob {
  if (pattern === "") throw new GlobSyntaxError(pattern, "empty pattern");
  const tokens = tokenize(pattern);
  const literal = tokens.every((t) => t.type === "char");
  return { pattern, literal, matches: (name: string) => match(tokens, name) };
}

/** Whether `name` matches `pattern` (compiles each call; use compileGlob in loops). */
export function fnmatch(pattern: string, name: string): boolean {
  return compileGlob(pattern).matches(name);
}
