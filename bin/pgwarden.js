#!/usr/bin/env node
// `npx pgwarden` from a clone: runs the TypeScript CLI (cli/pgwarden.ts) through tsx, with no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../cli/pgwarden.ts');
