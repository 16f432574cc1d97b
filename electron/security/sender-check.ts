import { isAppUrl } from './app-origin.js';

/** The bits of an IPC event's sender frame the check needs (structurally typed, so tests need no electron). */
export interface SenderFrameLike {
  url: string;
  /** The top frame of the sender (null for a detached frame). */
  top?: { url: string } | null;
  parent?: unknown;
}

/**
 * electron/fiddle-style sender check: an IPC call is served only when it comes from our own page in the main
 * frame (not a sub-frame, not a page the window was somehow navigated to, not a destroyed frame).
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  if (!isAppUrl(frame.url)) return false;
  if (frame.top && frame.top.url !== frame.url && !isAppUrl(frame.top.url)) return false;
  return true;
}
