// Shared helpers for the benchmarks: percentiles, formatting and the result shape every benchmark returns.
import os from 'node:os';

export interface Row {
  /** What was measured, e.g. "Cold start, median". */
  metric: string;
  /** The goal as text, e.g. "≤ 1000 ms"; empty when there is none. */
  goal?: string;
  /** The measured value as text. */
  value: string;
  /** true ✓, false ✗, undefined: no goal. */
  met?: boolean;
  /** The raw number behind `value`, for the JSON. */
  raw?: number;
}

export interface BenchResult {
  id: string;
  title: string;
  /** Tables to print, each with a caption. */
  tables: { caption?: string; headers: string[]; rows: string[][] }[];
  /** The headline rows (goal vs measured). */
  rows: Row[];
  notes: string[];
  /** Anything else worth keeping in the JSON. */
  data?: unknown;
  error?: string;
  durationMs?: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (v: number[]) => percentile(v, 50);
export const max = (v: number[]) => (v.length ? Math.max(...v) : NaN);
export const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

export function summary(values: number[]) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: max(values), mean: mean(values) };
}

export const ms = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const tick = (met: boolean | undefined) => (met === undefined ? '' : met ? '✓' : '✗');

export function machine() {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

/** Resolves with fn()'s value, or rejects after timeoutMs with `what` in the message. */
export async function withTimeout<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** RSS of a process from /proc (Linux), in bytes; NaN when it cannot be read. */
export async function procRss(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
