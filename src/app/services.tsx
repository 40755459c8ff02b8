// The device's database and document store, handed to screens through React context.
import { createContext, useContext, type ReactNode } from 'react';
import type { BaseroomDB } from '../db/database';
import type { DocStore } from '../db/docStore';

export interface Services {
  db: BaseroomDB;
  docs: DocStore;
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
