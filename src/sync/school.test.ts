// The app's school from its own address, and the relay paths and storage names that follow from it.
import { describe, expect, it } from 'vitest';
import { invalidCodeExplanation } from '../features/sync/PairDeviceForm';
import { relaySyncUrl } from './deviceStore';
import { RelayApi } from './relayApi';
import { appSchool, DEFAULT_SCHOOL, schoolBasePath, schoolFromPath, schoolManifestPath, schoolStorageName } from './school';

describe('the school of an app address', () => {
  it('is the school a `/schools/<school>/` path names, at its root or any route under it', () => {
    expect(schoolFromPath('/schools/oak-academy/')).toBe('oak-academy');
    expect(schoolFromPath('/schools/oak-academy/index.html')).toBe('oak-academy');
    expect(schoolFromPath('/schools/st-marys-2/deep/route')).toBe('st-marys-2');
    expect(schoolFromPath(`/schools/${'a'.repeat(64)}/`)).toBe('a'.repeat(64));
  });

  it('is the default school at every other path, as a one-school relay has always served it', () => {
    for (const path of ['/', '/index.html', '/some/route', '/school/oak/', '/schoolsoak/']) expect(schoolFromPath(path)).toBe(DEFAULT_SCHOOL);
    expect(schoolFromPath('/schools/default/')).toBe(DEFAULT_SCHOOL);
  });

  it('is no school for a `/schools/` path whose id no relay serves', () => {
    for (const path of ['/schools/', '/schools//', '/schools/oak-academy', '/schools/Oak/', '/schools/oak_academy/', '/schools/%6fak/', `/schools/${'a'.repeat(65)}/`]) {
      expect([path, schoolFromPath(path)]).toEqual([path, null]);
    }
  });

  it('is the default school outside a browser', () => {
    expect(appSchool).toBe(DEFAULT_SCHOOL);
  });
});

describe('what follows from the school', () => {
  it('puts every relay call on the school’s own paths; the default school keeps `/api` and `/sync`', async () => {
    const location = { protocol: 'https:', host: 'relay.trust.example' };
    expect(relaySyncUrl(location, 'oak-academy')).toBe('wss://relay.trust.example/schools/oak-academy/sync');
    expect(relaySyncUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, DEFAULT_SCHOOL)).toBe('ws://127.0.0.1:8080/sync');
    const asked: string[] = [];
    const fetchImpl = async (url: string | URL | Request) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ deviceId: 'd1', role: 'coordinator', scope: { kind: 'all' }, token: 't', versions: {} }), { status: 200 });
    };
    for (const school of ['oak-academy', DEFAULT_SCHOOL]) {
      const api = new RelayApi(schoolBasePath(school), fetchImpl as typeof fetch);
      await api.pair('ABCDEFGH');
      await api.whoami('t');
      await api.docVersions('t');
    }
    expect(asked).toEqual([
      '/schools/oak-academy/api/pair', '/schools/oak-academy/api/whoami', '/schools/oak-academy/api/docs',
      '/api/pair', '/api/whoami', '/api/docs',
    ]);
    expect([schoolManifestPath('oak-academy'), schoolManifestPath(DEFAULT_SCHOOL)]).toEqual(['/schools/oak-academy/manifest.webmanifest', '/manifest.webmanifest']);
  });

  it('names another school’s databases and keys apart; the default school keeps the names devices already use', () => {
    expect(schoolStorageName('baseroom-sealed', DEFAULT_SCHOOL)).toBe('baseroom-sealed');
    expect(schoolStorageName('baseroom-sealed', 'oak-academy')).toBe('baseroom-sealed@oak-academy');
    // No school's name is another's: `@` is in no school id, and the default school's names carry none.
    const names = ['default', 'oak-academy', 'oak', 'academy', 'oak-academy-2'].map((s) => schoolStorageName('baseroom-keys', s));
    expect(new Set(names).size).toBe(names.length);
  });

  it('tells staff pairing at another school’s address that a code works only at its own school’s', () => {
    expect(invalidCodeExplanation(DEFAULT_SCHOOL)).toBe('That code is not right, or it has already been used or has expired. Ask the school’s administrator for a new code.');
    expect(invalidCodeExplanation('oak-academy')).toMatch(/^That code is not right.*This is the Baseroom address of school “oak-academy”: a code works only at the address of the school it was made for\.$/);
  });
});
