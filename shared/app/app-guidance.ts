import type { ErrorFixView } from '../contract.js';
import { ErrorFixSchema } from '../contract.js';
import type { BridgekeeperError, ErrorFix } from '../errors.js';

/** Error codes where the credential itself is the problem, so "Replace token" is the fix. */
const CREDENTIAL_CODES = new Set([
  'upstream_invalid_token',
  'upstream_revoked',
  'upstream_expired',
  'upstream_unauthenticated',
  'secret_missing',
]);

/** The fix an error carries, or the one its code implies (a refused credential → replace the token). */
export function fixFor(error: BridgekeeperError): ErrorFix | undefined {
  if (error.fix) return error.fix;
  if (CREDENTIAL_CODES.has(error.code)) return { kind: 'replace_token' };
  if (error.code === 'upstream_needs_sign_in') return { kind: 'sign_in_again' };
  return undefined;
}

/** The app's words for a fix: what the button does, said as the next step. */
export function appFixText(fix: ErrorFixView): string {
  switch (fix.kind) {
    case 'switch_region':
      return `Choose "Switch to ${fix.regionLabel}" to connect there instead.`;
    case 'use_service':
      return `Choose "Use ${fix.serviceName} instead": the token stays filled in.`;
    case 'pick_another_name':
      return `Type another name, or choose "Use '${fix.suggestion}'".`;
    case 'save_anyway':
      return 'Check you copied the right token, or choose "Save anyway" if you are sure it is right.';
    case 'replace_token':
      return 'Then choose "Replace token" and paste the new one.';
    case 'sign_in_again':
      return 'Choose "Sign in with browser" to sign in again.';
  }
}

/** CLI commands the core's hints name, with the app's button (chosen) or screen (opened) that does the same. */
const COMMAND_WORDS: Array<[command: string, words: string, verb: 'Choose' | 'Open']> = [
  ['login', '"Sign in with browser"', 'Choose'],
  ['whoami', '"Check again"', 'Choose'],
  ['tools', 'the tools screen', 'Open'],
  ['connections list', 'the Connections screen', 'Open'],
  ['connections update', '"Edit"', 'Choose'],
  ['connections add', '"Add connection"', 'Open'],
  ['inspect', '"Inspect a token"', 'Open'],
  ['install', '"Connect to your assistant"', 'Open'],
];

/** Replaces "run `bridgekeeper <command> …`" and bare "`bridgekeeper <command> …`" with the app's words. */
function replaceCommands(text: string): string {
  let out = text;
  for (const [command, words, verb] of COMMAND_WORDS) {
    const quoted = '`bridgekeeper ' + command.replace(' ', '\\s+') + '(?:\\s[^`]*)?`';
    out = out.replace(
      new RegExp(`\\b([Rr])un\\s+${quoted}`, 'g'),
      (_m, r: string) => `${r === 'R' ? verb : verb.toLowerCase()} ${words}`,
    );
    out = out.replace(new RegExp(quoted, 'g'), words);
  }
  return out;
}
const FLAG_WORDS: Array<[RegExp, string]> = [
  [/pass --force to save it anyway/g, 'choose "Save anyway"'],
  [/\s*\(--[a-z-]+[^)]*\)/g, ''],
  [/--label(?: "[^"]*"| …)?/g, 'name'],
  [/--region(?: [a-z]+)?/g, 'region'],
  [/--handle(?: [^\s,.]+)?/g, 'business handle'],
  [/--tenant(?: [^\s,.]+)?/g, 'tenant id'],
  [/--url(?: [^\s,]+)?/g, 'server address'],
  [/--header-name(?: [^\s,.]+)?/g, 'header name'],
  [/--scopes(?: [^\s,.]+)?/g, 'scopes'],
  [/--client-id(?: [^\s,.]+)?/g, 'client id'],
  [/--mode mcp/g, "the service's MCP server"],
  [/--mode api/g, "the service's API"],
];

/**
 * Rewrites a core hint (written for the CLI) in the app's words: "add it again with `bridgekeeper connections
 * add …`" becomes "choose "Replace token"" when that is the fix, commands become the screens and buttons that do
 * the same, flags become the field names.
 */
export function appWords(hint: string, fix: ErrorFix | undefined): string {
  let text = hint.replace(
    /\b(?:add|re-add|update)\s+(?:it|the token|this connection|the connection)(?:\s+again)?\s+with\s+`bridgekeeper connections (?:add|update)[^`]*`/gi,
    fix?.kind === 'replace_token' ? 'choose "Replace token"' : 'add it again from "Add connection"',
  );
  text = text.replace(
    /\bGive it a token again with `bridgekeeper connections update[^`]*`/g,
    'Choose "Replace token" and paste the token again',
  );
  text = replaceCommands(text);
  for (const [pattern, words] of FLAG_WORDS) text = text.replace(pattern, words);
  return text.replace(/\s{2,}/g, ' ').trim();
}

/** What the app shows as "What to do" for a typed error, and the one-click fix it offers. */
export function appGuidance(error: BridgekeeperError): { hint: string; fix?: ErrorFixView } {
  const fix = fixFor(error);
  const view = fix ? ErrorFixSchema.safeParse(fix) : undefined;
  const fixView = view?.success ? view.data : undefined;
  if (!fixView) return { hint: appWords(error.hint, undefined) };
  // Fixes that replace the whole next step are said entirely in the app's words.
  if (
    fixView.kind === 'switch_region' ||
    fixView.kind === 'use_service' ||
    fixView.kind === 'pick_another_name' ||
    fixView.kind === 'save_anyway'
  ) {
    return { hint: appFixText(fixView), fix: fixView };
  }
  // Token and sign-in fixes keep the service's own "where to get a new one", with the button named.
  const hint = appWords(error.hint, fix);
  const mentionsButton = /"Replace token"|"Sign in with browser"/.test(hint);
  return { hint: mentionsButton ? hint : `${hint} ${appFixText(fixView)}`.trim(), fix: fixView };
}
