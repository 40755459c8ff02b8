// Setup for component tests: jest-dom matchers, an in-memory IndexedDB, and a clean DOM after each test.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// jsdom's global Uint8Array is another realm's than the one Node's structuredClone (used by fake-indexeddb) returns, so a
// Y update read back from IndexedDB failed Dexie's `instanceof Uint8Array` and was copied as a plain object ("TypedArray.
// prototype.length called on incompatible receiver" from y-dexie, now and then). Use Node's, as the browser has one realm.
globalThis.Uint8Array = Object.getPrototypeOf(structuredClone(new Uint8Array(0))).constructor as Uint8ArrayConstructor;

afterEach(cleanup);
