/** One problem in a config source, located by key path and (when known) file:line:column. */
export interface ConfigIssue {
  readonly source: string;
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.line === undefined ? i.source : `${i.source}:${i.line}:${i.column ?? 1}`;
  return i.path === "" ? `${where}: ${i.message}` : `${where}: ${i.path}: ${i.message}`;
}

/** Every problem found in a load, reported at once. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigError";
  }
}
