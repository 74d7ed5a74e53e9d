/**
 * Throwaway X.509 material for TLS tests, made with openssl in a temp dir: a CA, a server
 * certificate for localhost/127.0.0.1, a client certificate from the CA, and a self-signed
 * "rogue" client certificate.
 */
export interface Pem {
  readonly cert: Uint8Array;
  readonly key: Uint8Array;
}

export interface TestCerts {
  readonly dir: string;
  readonly ca: Pem;
  readonly server: Pem;
  readonly client: Pem;
  readonly rogue: Pem;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** Creates the certificates; call `Deno.remove(certs.dir, { recursive: true })` afterwards. */
export async function makeTestCerts(): Promise<TestCerts> {
  const dir = await Deno.makeTempDir({ prefix: "edgebgp-certs-" });
  await openssl(dir, [
    "req",
    "-x509",
    ...EC,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=edgebgp-test-ca",
  ]);
  await Deno.writeTextFile(`${dir}/server.ext`, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  for (
    const [name, cn, ext] of [["server", "localhost", true], ["client", "operator", false]] as const
  ) {
    await openssl(dir, [
      "req",
      ...EC,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${cn}`,
    ]);
    await openssl(dir, [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      ...(ext ? ["-extfile", "server.ext"] : []),
    ]);
  }
  await openssl(dir, [
    "req",
    "-x509",
    ...EC,
    "-keyout",
    "rogue.key",
    "-out",
    "rogue.crt",
    "-days",
    "2",
    "-subj",
    "/CN=rogue",
  ]);
  const pem = async (name: string): Promise<Pem> => ({
    cert: await Deno.readFile(`${dir}/${name}.crt`),
    key: await Deno.readFile(`${dir}/${name}.key`),
  });
  return {
    dir,
    ca: await pem("ca"),
    server: await pem("server"),
    client: await pem("client"),
    rogue: await pem("rogue"),
  };
}
