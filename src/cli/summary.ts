// `smtpscope summary RESULTS.ndjson [--html FILE]`: a summary of a --batch output. Taken as a
// subcommand only when "summary" is the first argument; `smtpscope --json summary` still checks
// a host named summary.
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { UsageError } from '../input/choice.js';
import { addLine, emptySummary, renderSummaryText } from '../report/batch-summary.js';
import { renderSummaryHtml } from '../report/batch-html.js';
import { escapeText } from '../smtp/escape.js';

export async function runSummaryCli(args: string[]): Promise<number> {
  const cmd = new Command('smtpscope summary')
    .description('summarise the NDJSON output of --batch')
    .argument('<results>', "the NDJSON file ('-' for stdin)")
    .option('--html <file>', 'also write a self-contained HTML report to FILE')
    .option('--top <n>', 'reasons to list', '10')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  cmd.parse(args, { from: 'user' });
  const file = cmd.args[0] as string;
  const o = cmd.opts<{ html?: string; top: string }>();
  const top = Number(o.top);
  if (!/^\d+$/.test(o.top) || top < 1 || top > 1000)
    throw new UsageError(`--top must be a whole number from 1 to 1000`);
  const input = file === '-' ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`${escapeText(file)}: cannot read (${err.code ?? 'error'})`)),
    );
    input.once('end', resolve);
  });
  const s = emptySummary();
  const rl = createInterface({ input, crlfDelay: Infinity });
  const lines = (async () => {
    for await (const line of rl) addLine(s, line);
  })();
  await Promise.all([opened, lines]);
  process.stdout.write(renderSummaryText(s, top));
  if (o.html !== undefined) await writeFile(o.html, renderSummaryHtml(s, top));
  return 0;
}
