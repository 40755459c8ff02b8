// The device's database, document store and sync engine, handed to screens through React context.
import { createContext, useContext, type ReactNode } from 'react';
import type { BaseroomDB } from '../db/database';
import type { DocStore } from '../db/docStore';
import type { SyncEngine } from '../sync/syncEngine';

export interface Services {
  db: BaseroomDB;
  docs: DocStore;
  sync: SyncEngine;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
