// Relay log lines: event name plus device id, document name (opaque ids and dates only) and reason — never payloads.
export interface LogFields {
  deviceId?: string;
  docName?: string;
  reason?: string;
  code?: number;
}

export function logRelayEvent(event: string, fields: LogFields = {}): void {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  console.error(`[relay] ${new Date().toISOString()} ${event} ${parts.join(' ')}`.trimEnd());
}
