/**
 * The sandboxed preload (CommonJS: sandboxed preloads cannot load ES modules or our own files). It exposes
 * `window.bridgekeeper`: one function per contract operation, each invoking that operation's own channel.
 * The channel map and the API object are both checked with `satisfies` against the contract's types, so a
 * missing, extra or misspelt operation or channel is a compile error. No ipcRenderer object, event or generic
 * `invoke(channel)` ever reaches the page.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload under verbatimModuleSyntax must use import = require
import electron = require('electron');
import type { BridgekeeperApi, ChannelMap, RequestOf, ResponseOf, Result, OperationName } from '../shared/contract.js';

const { contextBridge, ipcRenderer } = electron;

const CHANNELS = {
  getAppInfo: 'app:get-info',
  getPreferences: 'prefs:get',
  setPreferences: 'prefs:set',
  listServices: 'services:list',
  listConnections: 'connections:list',
  addConnection: 'connections:add',
  checkConnection: 'connections:check',
  signIn: 'connections:sign-in',
  cancelSignIn: 'connections:cancel-sign-in',
  updateConnection: 'connections:update',
  forgetRefusals: 'connections:forget-refusals',
  removeConnection: 'connections:remove',
  toolMatrix: 'tools:matrix',
  setPolicy: 'policy:set',
  inspectToken: 'token:inspect',
  whoamiForToken: 'token:whoami',
  listActivity: 'activity:list',
  exportActivity: 'activity:export',
  installAssistant: 'assistants:install',
  assistantSnippet: 'assistants:snippet',
  listAssistants: 'assistants:list',
  uninstallAssistant: 'assistants:uninstall',
  getAssistantToolSet: 'assistants:tool-set',
  setAssistantToolSet: 'assistants:set-tool-set',
  openExternal: 'shell:open-external',
} as const satisfies ChannelMap;

function call<K extends OperationName>(name: K) {
  return (request: RequestOf<K>): Promise<Result<ResponseOf<K>>> => ipcRenderer.invoke(CHANNELS[name], request ?? {});
}

const api = {
  getAppInfo: call('getAppInfo'),
  getPreferences: call('getPreferences'),
  setPreferences: call('setPreferences'),
  listServices: call('listServices'),
  listConnections: call('listConnections'),
  addConnection: call('addConnection'),
  checkConnection: call('checkConnection'),
  signIn: call('signIn'),
  cancelSignIn: call('cancelSignIn'),
  updateConnection: call('updateConnection'),
  forgetRefusals: call('forgetRefusals'),
  removeConnection: call('removeConnection'),
  toolMatrix: call('toolMatrix'),
  setPolicy: call('setPolicy'),
  inspectToken: call('inspectToken'),
  whoamiForToken: call('whoamiForToken'),
  listActivity: call('listActivity'),
  exportActivity: call('exportActivity'),
  installAssistant: call('installAssistant'),
  assistantSnippet: call('assistantSnippet'),
  listAssistants: call('listAssistants'),
  uninstallAssistant: call('uninstallAssistant'),
  getAssistantToolSet: call('getAssistantToolSet'),
  setAssistantToolSet: call('setAssistantToolSet'),
  openExternal: call('openExternal'),
} satisfies BridgekeeperApi;

contextBridge.exposeInMainWorld('bridgekeeper', Object.freeze(api));
