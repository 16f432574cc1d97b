// Minimal typings for the parts of oidc-provider (a test-only devDependency without bundled types) the
// OAuth simulators use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcContext {
    path: string;
    method: string;
    status: number;
    oidc?: { route?: string; params?: Record<string, unknown>; client?: { clientId: string } };
  }

  export interface InteractionDetails {
    uid: string;
    prompt: {
      name: string;
      details: { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId?: string };
    grantId?: string;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    use(middleware: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>): void;
    Grant: {
      new (properties: { accountId: string; clientId: string }): GrantInstance;
      adapter: { destroy(id: string): Promise<void> };
    };
    RefreshToken: { revokeByGrantId(grantId: string): Promise<void> };
    AccessToken: { revokeByGrantId(grantId: string): Promise<void> };
  }

  export const errors: { InvalidTarget: new (description?: string) => Error };
}
