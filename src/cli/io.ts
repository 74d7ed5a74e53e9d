/** Where CLI commands write; injected so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const encoder = new TextEncoder();

export const processIo: CliIo = {
  out: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  err: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
};
