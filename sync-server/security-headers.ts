// The headers every HTTP response carries: a strict Content-Security-Policy the built app and its service worker satisfy, and no framing, referrers or powerful features.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Host header we are willing to echo into connect-src: a name or address and an optional port, nothing else. */
const plainHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The built app is same-origin scripts (no inline script: the service worker is registered from a bundled module),
 * stylesheets and its own icons (no data: or blob: images, no web fonts); it talks to this origin over HTTP and
 * WebSocket only. `'self'` covers ws(s) to the same host in current browsers; the explicit ws:/wss: source is for
 * older Safari on school iPads.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && plainHost.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, { tls }: { tls: boolean }): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}
