// Convex functions (and auth.config.ts) read the deployment's env vars from `process.env`;
// declared here so the backend folder type-checks with no Node type package.
declare const process: { env: Record<string, string | undefined> }
