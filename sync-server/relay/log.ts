// Relay log lines: event name plus device id, document name (opaque ids and dates only) and reason — never payloads.
export interface LogFields {
  deviceId?: string;
  docName?: string;
  reason?: string;
  code?: number;
}

/**
 * Line breaks and other control characters escaped: a reason can carry text a device chose (the name of a part it
 * wrote to), which must never start a line of its own that reads as the relay's.
 */
const oneLine = (value: string) =>
  value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function logRelayEvent(event: string, fields: LogFields = {}): void {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${oneLine(String(v))}`);
  console.error(`[relay] ${new Date().toISOString()} ${event} ${parts.join(' ')}`.trimEnd());
}
