/** The small HTML pages the loopback redirect shows in the browser after sign-in. No scripts, no external assets. */

function page(title: string, body: string): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">' +
    `<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.4rem}</style>` +
    `</head><body><h1>${escape(title)}</h1><p>${escape(body)}</p></body></html>`
  );
}

/** Shown after a successful sign-in. */
export function signedInPage(): string {
  return page(
    "You're signed in — you can close this tab",
    'Bridgekeeper received your sign-in. Go back to Bridgekeeper (or your terminal) to continue.',
  );
}

/** Shown when consent was denied or the service reported an error. */
export function signInErrorPage(what: string, next: string): string {
  return page('Sign-in did not complete', `${what} ${next}`);
}
