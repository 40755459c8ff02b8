import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { storageIssueFrom } from './storageHealth';

describe('storageIssueFrom', () => {
  it('turns a quota error, bare or wrapped by Dexie, into a message for the user', () => {
    const bare = new DOMException('full', 'QuotaExceededError');
    expect(storageIssueFrom(bare)?.kind).toBe('quota');
    expect(storageIssueFrom(new Dexie.QuotaExceededError('full'))?.message).toMatch(/storage is full/);
  });

  it('reports other database failures as a failed write and ignores unrelated errors', () => {
    expect(storageIssueFrom(new Dexie.AbortError('aborted'))?.kind).toBe('write-failed');
    expect(storageIssueFrom(new TypeError('x'))).toBeNull();
  });
});
