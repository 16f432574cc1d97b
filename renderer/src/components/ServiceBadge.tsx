import type { ServiceId } from '../../../shared/contract';

const BADGES: Record<ServiceId, { initials: string; name: string }> = {
  sessionboard: { initials: 'Sb', name: 'Sessionboard' },
  'sessions-website': { initials: 'sw', name: 'sessions.website' },
  'session-services': { initials: 'SS', name: 'Session Services' },
  imboard: { initials: 'iB', name: "I'mBoard" },
  'remote-mcp': { initials: 'MCP', name: 'MCP server' },
};

/** A small coloured text badge standing in for the service's logo. */
export function ServiceBadge({ service, size = 'md' }: { service: ServiceId; size?: 'md' | 'lg' }) {
  const badge = BADGES[service];
  return (
    <span className={`service-badge service-${service} badge-${size}`} aria-hidden="true" title={badge.name}>
      {badge.initials}
    </span>
  );
}
