// Setup for component tests: jest-dom matchers, an in-memory IndexedDB, and a clean DOM after each test.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// jsdom brings its own Uint8Array, while Node's TextEncoder, structuredClone (fake-indexeddb's copies) and crypto
// make Node's: Yjs then meets both kinds in one update log. One kind everywhere, as in a browser.
globalThis.Uint8Array = new TextEncoder().encode('').constructor as Uint8ArrayConstructor;

afterEach(cleanup);
