import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/** Lints a snippet as if it lived at `file`, returning the no-restricted-imports messages. */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// The layers inside shared/ (the gateway loading providers on demand included) are dependency-cruiser rules:
// test/unit/layering-depcruise.test.ts.
describe('layering lint rule', () => {
  it('fails when shared/ imports electron, react or renderer/', async () => {
    expect(
      await layeringErrors('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(1);
    expect(await layeringErrors('shared/x.ts', "import React from 'react';\nexport const a = React;\n")).toHaveLength(
      1,
    );
    expect(
      await layeringErrors('shared/x.ts', "import { a } from '../renderer/src/app.js';\nexport const b = a;\n"),
    ).toHaveLength(1);
  });

  it('fails when renderer/ imports anything from shared/ other than the contract', async () => {
    expect(
      await layeringErrors(
        'renderer/src/x.ts',
        "import { ConnectionStore } from '../../shared/connections/store.js';\nexport const a = ConnectionStore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringErrors(
        'renderer/src/x.ts',
        "import type { Api } from '../../shared/contract.js';\nexport type A = Api;\n",
      ),
    ).toHaveLength(0);
  });

  it('fails when anything outside electron/ imports electron, and allows it in electron/', async () => {
    expect(
      await layeringErrors('test/unit/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(1);
    expect(
      await layeringErrors(
        'renderer/src/x.ts',
        "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringErrors('electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(0);
  });
});
