import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, operations } from '../../shared/contract.js';

/**
 * Runs the real preload source (transpiled, as tsc does) in a bare VM context with a fake `electron`, the way a
 * sandboxed preload runs: only `require('electron')` exists. No electron import in this test.
 */
function loadPreload() {
  const source = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'electron', 'preload.cts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed: Record<string, unknown> = {};
  const invocations: Array<{ channel: string; args: unknown[] }> = [];
  const required: string[] = [];
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (
        invocations.push({ channel, args }),
        { ok: true, value: channel }
      ),
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return fakeElectron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  vm.runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports, Object });
  return { exposed, invocations, required };
}

describe('preload', () => {
  it('requires nothing but electron (sandboxed preloads cannot load other files)', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes exactly one function per contract operation under window.bridgekeeper, frozen', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['bridgekeeper']);
    const api = exposed.bridgekeeper as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const name of OPERATION_NAMES) expect(typeof api[name]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each operation on its own contract channel, passing only the request', async () => {
    const { exposed, invocations } = loadPreload();
    const api = exposed.bridgekeeper as Record<string, (req: unknown) => Promise<unknown>>;
    for (const name of OPERATION_NAMES) {
      const result = await api[name]!({ probe: name });
      expect(result).toEqual({ ok: true, value: operations[name].channel });
    }
    expect(invocations.map((i) => i.channel)).toEqual(OPERATION_NAMES.map((n) => operations[n].channel));
    expect(invocations.every((i) => i.args.length === 1)).toBe(true);
    expect(new Set(invocations.map((i) => i.channel)).size).toBe(OPERATION_NAMES.length);
  });
});
