// The release this build is, set by vite.config.ts.
declare const __APP_VERSION__: string;
