import { redactSecrets } from '../secrets/redact.js';

/**
 * Passes everything the CLI prints (stdout and stderr) through `redactSecrets`, so no secret the process handled
 * (see known-secrets.ts) or anything token-shaped reaches a terminal, a script or a CI log, whichever command printed
 * it and whatever an upstream quoted back. Not used by `bridgekeeper mcp`, whose stdout is the protocol and whose
 * answers the gateway already redacts.
 */
export function redactCliOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') return write(redactSecrets(chunk), ...rest);
      if (chunk instanceof Uint8Array) {
        const text = Buffer.from(chunk).toString('utf8');
        const clean = redactSecrets(text);
        return write(clean === text ? chunk : clean, ...rest);
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
