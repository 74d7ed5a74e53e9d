/**
 * Structured logger: one line per event, `key=value` (logfmt) or JSON lines.
 * The sink is injected so tests can capture lines and the daemon can write to stderr.
 */

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;
export type LogLevel = typeof LOG_LEVELS[number];
export type LogFormat = "text" | "json";
export type LogFields = Record<string, unknown>;

/** Receives one finished line (no trailing newline). */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  readonly sink?: LogSink;
  readonly now?: () => Date;
}

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** Whether `s` names a log level. */
export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** A logger bound to context fields (peer, collector, ...); `child` adds more. */
export class Logger {
  #level: LogLevel;
  #format: LogFormat;
  #sink: LogSink;
  #now: () => Date;
  #context: LogFields;

  constructor(options: LoggerOptions = {}, context: LogFields = {}) {
    this.#level = options.level ?? "info";
    this.#format = options.format ?? "text";
    // No default I/O here (common/ is pure): without a sink, lines are dropped.
    this.#sink = options.sink ?? (() => {});
    this.#now = options.now ?? (() => new Date());
    this.#context = context;
  }

  get level(): LogLevel {
    return this.#level;
  }

  /** Changes the level of this logger (children created later inherit it). */
  setLevel(level: LogLevel): void {
    this.#level = level;
  }

  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger {
    return new Logger(
      { level: this.#level, format: this.#format, sink: this.#sink, now: this.#now },
      { ...this.#context, ...fields },
    );
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.#level];
  }

  trace(msg: string, fields?: LogFields): void {
    this.log("trace", msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log("error", msg, fields);
  }

  log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const all: LogFields = { ...this.#context, ...fields };
    const ts = this.#now().toISOString();
    this.#sink(
      this.#format === "json" ? formatJson(ts, level, msg, all) : formatText(ts, level, msg, all),
    );
  }
}

function formatJson(ts: string, level: LogLevel, msg: string, fields: LogFields): string {
  return JSON.stringify({ ts, level, msg, ...normalize(fields) });
}

function formatText(ts: string, level: LogLevel, msg: string, fields: LogFields): string {
  let line = `ts=${ts} level=${level} msg=${quote(msg)}`;
  for (const [k, v] of Object.entries(normalize(fields))) {
    line += ` ${k}=${quote(typeof v === "string" ? v : JSON.stringify(v))}`;
  }
  return line;
}

function normalize(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (typeof v === "bigint") out[k] = v.toString();
    else if (v instanceof Error) out[k] = v.message;
    else out[k] = v;
  }
  return out;
}

function quote(s: string): string {
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

/** A logger that drops everything; for tests and library defaults. */
export const nullLogger: Logger = new Logger({ level: "error", sink: () => {} });
