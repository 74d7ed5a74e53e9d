/**
 * Where each key of a TOML document is written. smol-toml gives positions only for syntax errors,
 * so this small scanner walks the (already valid) text and records the line:column of every key
 * path, in the same `a.b[2].c` form the schema readers use for messages.
 */
import { indexPath, keyPath, type Pos } from "./tree.ts";

/** Maps key paths (`neighbors[0].config.peer-as`) to where the key (or list item) starts. */
export function tomlPositions(text: string): Map<string, Pos> {
  return new Scanner(text).run();
}

class Scanner {
  #s: string;
  #i = 0;
  #lineStarts: number[] = [0];
  #out = new Map<string, Pos>();
  /** Resolved path of each array of tables -> how many elements so far. */
  #arrays = new Map<string, number>();

  constructor(text: string) {
    this.#s = text;
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.#lineStarts.push(i + 1);
  }

  run(): Map<string, Pos> {
    let table = "";
    while (this.#skipBlank()) {
      const at = this.#pos();
      if (this.#s[this.#i] === "[") {
        const isArray = this.#s[this.#i + 1] === "[";
        this.#i += isArray ? 2 : 1;
        const keys = this.#keys();
        this.#i += isArray ? 2 : 1;
        // Every level of a header is located there, so `[a.typo.config]` points at `a.typo`.
        for (let k = 1; k < keys.length; k++) this.#record(this.#resolve(keys, k), at);
        table = isArray ? this.#arrayHeader(keys, at) : this.#resolve(keys, keys.length);
        if (!isArray) this.#record(table, at);
      } else {
        this.#keyValue(table);
      }
      this.#skipLine();
    }
    return this.#out;
  }

  #arrayHeader(keys: string[], at: Pos): string {
    const base = keyPath(this.#resolve(keys, keys.length - 1), keys[keys.length - 1]!);
    const n = this.#arrays.get(base) ?? 0;
    this.#arrays.set(base, n + 1);
    this.#record(base, at);
    const path = indexPath(base, n);
    this.#record(path, at);
    return path;
  }

  /** Resolves the first `upto` keys of a header, entering the latest element of each array. */
  #resolve(keys: string[], upto: number): string {
    let path = "";
    for (let k = 0; k < upto; k++) {
      path = keyPath(path, keys[k]!);
      const n = this.#arrays.get(path);
      if (n !== undefined) path = indexPath(path, n - 1);
    }
    return path;
  }

  #keyValue(table: string): void {
    const at = this.#pos();
    const keys = this.#keys();
    let path = table;
    for (const k of keys) {
      path = keyPath(path, k);
      this.#record(path, at);
    }
    this.#skipSpaces();
    if (this.#s[this.#i] === "=") this.#i++;
    this.#skipSpaces();
    this.#value(path);
  }

  #value(path: string): void {
    const s = this.#s;
    const c = s[this.#i];
    if (s.startsWith('"""', this.#i) || s.startsWith("'''", this.#i)) {
      const q = s.slice(this.#i, this.#i + 3);
      let j = this.#i + 3;
      for (;;) {
        const k = s.indexOf(q, j);
        if (k < 0) {
          this.#i = s.length;
          return;
        }
        if (q === '"""' && isEscaped(s, k)) {
          j = k + 1;
          continue;
        }
        j = k + 3;
        while (s[j] === q[0] && j < k + 5) j++;
        this.#i = j;
        return;
      }
    }
    if (c === '"' || c === "'") {
      this.#string();
      return;
    }
    if (c === "[") {
      this.#i++;
      for (let n = 0;; n++) {
        this.#skipBlank();
        if (this.#i >= s.length || s[this.#i] === "]") break;
        const itemPath = indexPath(path, n);
        this.#record(itemPath, this.#pos());
        this.#value(itemPath);
        this.#skipBlank();
        if (s[this.#i] === ",") this.#i++;
      }
      this.#i++;
      return;
    }
    if (c === "{") {
      this.#i++;
      for (;;) {
        this.#skipSpaces();
        if (this.#i >= s.length || s[this.#i] === "}") break;
        this.#keyValue(path);
        this.#skipSpaces();
        if (s[this.#i] === ",") this.#i++;
      }
      this.#i++;
      return;
    }
    while (this.#i < s.length && !",]}\n#".includes(s[this.#i]!)) this.#i++;
  }

  /** A dotted key: bare, "basic" or 'literal' parts separated by dots. */
  #keys(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.#skipSpaces();
      const c = this.#s[this.#i];
      if (c === '"' || c === "'") {
        const start = this.#i;
        this.#string();
        const raw = this.#s.slice(start, this.#i);
        keys.push(c === '"' ? unescapeBasic(raw) : raw.slice(1, -1));
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.#s.slice(this.#i, this.#i + 256));
        if (!m) break;
        keys.push(m[0]);
        this.#i += m[0].length;
      }
      this.#skipSpaces();
      if (this.#s[this.#i] !== ".") break;
      this.#i++;
    }
    return keys;
  }

  #string(): void {
    const s = this.#s;
    const q = s[this.#i]!;
    let j = this.#i + 1;
    while (j < s.length && s[j] !== q && s[j] !== "\n") j += q === '"' && s[j] === "\\" ? 2 : 1;
    this.#i = j + 1;
  }

  /** Skips spaces, comments and line breaks; false at end of text. */
  #skipBlank(): boolean {
    const s = this.#s;
    while (this.#i < s.length) {
      const c = s[this.#i]!;
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.#i++;
      else if (c === "#") { while (this.#i < s.length && s[this.#i] !== "\n") this.#i++; }
      else break;
    }
    return this.#i < s.length;
  }

  #skipSpaces(): void {
    while (this.#s[this.#i] === " " || this.#s[this.#i] === "\t") this.#i++;
  }

  #skipLine(): void {
    while (this.#i < this.#s.length && this.#s[this.#i] !== "\n") this.#i++;
  }

  #record(path: string, at: Pos): void {
    if (!this.#out.has(path)) this.#out.set(path, at);
  }

  #pos(): Pos {
    const starts = this.#lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= this.#i) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: this.#i - starts[lo]! + 1 };
  }
}

function isEscaped(s: string, k: number): boolean {
  let n = 0;
  while (s[k - 1 - n] === "\\") n++;
  return n % 2 === 1;
}

function unescapeBasic(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}
