// What `import … from 'zod'` resolves to in the app (vite.config.ts aliases it): zod with its `new Function` fast path off before any schema is built, since the relay's CSP has no 'unsafe-eval'.
import * as z from 'zod/v4';

z.config({ jitless: true });

export * from 'zod/v4';
export { z, z as default };
