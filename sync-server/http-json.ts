// JSON in and out for the relay's HTTP routes (api.ts, device-api.ts, erase-api.ts). Errors are {status:'error', reason}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

const maxBodyBytes = 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export const sendError = (res: ServerResponse, status: number, reason: string, headers?: Record<string, string>) =>
  sendJson(res, status, { status: 'error', reason }, headers);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error('body-too-large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The request's JSON body as `schema` reads it, or null after answering 400 (too large, not JSON, or not that shape). */
export async function readBody<T extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: T): Promise<z.output<T> | null> {
  let body: unknown;
  try {
    body = await readJson(req);
  } catch {
    return sendError(res, 400, 'bad-request'), null;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return sendError(res, 400, 'bad-request'), null;
  return parsed.data;
}
