/**
 * Runs an in-process Speaker for loopback tests: config from YAML text (the real loader), log
 * lines captured, events recorded, and a `stop()` that always releases sockets and timers.
 */
import type { Clock } from "../../src/common/clock.ts";
import { Logger } from "../../src/common/log.ts";
import { loadConfig } from "../../src/config/mod.ts";
import type { Config } from "../../src/config/model.ts";
import { Speaker, type SpeakerEvent, type SpeakerOptions } from "../../src/speaker/mod.ts";

export function configFromYaml(text: string): Config {
  return loadConfig({ name: "test.yaml", text });
}

export interface Harness {
  readonly speaker: Speaker;
  readonly logs: string[];
  readonly events: SpeakerEvent[];
  /** Resolves with the first event matching `pred` (past or future); rejects after `ms`. */
  waitEvent<T extends SpeakerEvent>(pred: (e: SpeakerEvent) => e is T, ms?: number): Promise<T>;
  waitEvent(pred: (e: SpeakerEvent) => boolean, ms?: number): Promise<SpeakerEvent>;
  /** Resolves when a log line matches `re`; rejects after `ms`. */
  waitLog(re: RegExp, ms?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Omit<SpeakerOptions, "config" | "log" | "clock"> {
  readonly clock?: Clock;
  /** Print log lines to stderr as they come (debugging). */
  readonly echo?: boolean;
  readonly listen?: boolean;
}

export function startSpeaker(yaml: string, options: HarnessOptions = {}): Harness {
  const logs: string[] = [];
  const events: SpeakerEvent[] = [];
  const wake: (() => void)[] = [];
  const notify = () => {
    for (const f of wake.splice(0)) f();
  };
  const log = new Logger({
    level: "debug",
    sink: (line) => {
      logs.push(line);
      // deno-lint-ignore no-console
      if (options.echo) console.error(line);
      notify();
    },
  });
  const speaker = new Speaker({
    ...options,
    config: configFromYaml(yaml),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  speaker.events.subscribe((e) => {
    events.push(e);
    notify();
  });
  speaker.start(options.listen ?? true);

  async function waitFor<T>(find: () => T | undefined, what: string, ms: number): Promise<T> {
    const deadline = performance.now() + ms;
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(`timed out after ${ms} ms waiting for ${what}; log:\n${logs.join("\n")}`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((r) => {
        wake.push(r);
        timer = setTimeout(r, left);
      });
      clearTimeout(timer);
    }
  }

  return {
    speaker,
    logs,
    events,
    waitEvent:
      ((pred: (e: SpeakerEvent) => boolean, ms = 5000) =>
        waitFor(() => events.find(pred), "a speaker event", ms)) as Harness["waitEvent"],
    waitLog: (re, ms = 5000) => waitFor(() => logs.find((l) => re.test(l)), `log ${re}`, ms),
    stop: () => speaker.stop(),
  };
}
