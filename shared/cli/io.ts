import { InputError } from '../errors.js';

/** Reads all of stdin (for `--token-stdin`). Never echoes anything. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Asks for a secret on the terminal without echoing it (raw mode; Backspace works, Ctrl-C cancels).
 * Refuses when stdin is not a terminal: scripts must use `--token-stdin` so a token never lands in argv.
 */
export async function promptHidden(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    throw new InputError(
      'No token was given.',
      'Pipe it in with --token-stdin (e.g. `pbpaste | bridgekeeper connections add … --token-stdin`), or run in a terminal to be asked for it.',
    );
  }
  // Echo goes off before the question appears, so nothing typed after seeing it can ever be echoed.
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003')
          return done(new InputError('Cancelled.', 'Run the command again when you have the token.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Renders rows as an aligned text table. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Says `question` and asks a person at an interactive terminal to confirm by typing `expected` (case-insensitive). Refuses outright
 * when stdin is not a terminal (a script or an assistant's shell): `refusal` says what to do instead.
 */
export async function confirmAtTerminal(
  question: string,
  expected: string,
  refusal: InputError,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<void> {
  if (!input.isTTY || !output.isTTY) throw refusal;
  output.write(`${question}\n`);
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input, output, terminal: true });
  try {
    const answer = await rl.question(`Type the name '${expected}' to confirm: `);
    if (answer.trim().toLowerCase() !== expected.trim().toLowerCase())
      throw new InputError(
        'Not confirmed: nothing was changed.',
        'Run the command again and type the name exactly, or use the Bridgekeeper app.',
      );
  } finally {
    rl.close();
  }
}
