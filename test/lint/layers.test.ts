// The layer order is enforced by lint (eslint.config.js): an import that runs up the layers
// fails `npm run lint`. Checked on virtual files, so nothing in src/ has to break.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('layers', () => {
  it.each([
    ['src/smtp/x.ts', "import { App } from '../ui/App.js';\nexport const x = App;\n"],
    ['src/smtp/x.ts', "import type { Probe } from '../probe/engine.js';\nexport type X = Probe;\n"],
    ['src/tls/x.ts', "import { judge } from '../policy/verdict.js';\nexport const x = judge;\n"],
    ['src/probe/x.ts', "import { judge } from '../policy/verdict.js';\nexport const x = judge;\n"],
    [
      'src/policy/x.ts',
      "import { STAGES } from '../probe/stage-table.js';\nexport const x = STAGES;\n",
    ],
    [
      'src/ui/components/x.ts',
      "import { toChoice } from '../../cli/options.js';\nexport const x = toChoice;\n",
    ],
    ['src/report/x.ts', "import { App } from '../ui/App.js';\nexport const x = App;\n"],
    ['src/model/x.ts', "import { isIP } from 'node:net';\nexport const x = isIP;\n"],
    [
      'src/tls/x.ts',
      "import { fetchStsPolicy } from '../fetch/mta-sts.js';\nexport const x = fetchStsPolicy;\n",
    ],
    ['src/fetch/x.ts', "import { judge } from '../policy/verdict.js';\nexport const x = judge;\n"],
  ])('%s may not import upward: %s', async (file, code) => {
    expect((await problems(file, code)).join('\n')).toMatch(/no-restricted-imports/);
  });

  it.each([
    [
      'src/ui/x.ts',
      "import { STAGES } from '../probe/stage-table.js';\nexport const x = STAGES;\n",
    ],
    [
      'src/probe/x.ts',
      "import { escapeText } from '../smtp/escape.js';\nexport const x = escapeText;\n",
    ],
    ['src/cli/x.ts', "import { Runner } from '../runner/runner.js';\nexport const x = Runner;\n"],
    [
      'src/fetch/x.ts',
      "import { verifyChain } from '../tls/chain-verify.js';\nexport const x = verifyChain;\n",
    ],
    [
      'src/policy/x.ts',
      "import { fetchStsPolicy } from '../fetch/mta-sts.js';\nexport const x = fetchStsPolicy;\n",
    ],
  ])('%s may import downward: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
