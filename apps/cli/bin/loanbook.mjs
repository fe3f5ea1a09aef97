#!/usr/bin/env node
// The `loanbook` command. It runs the TypeScript source through tsx, as the API's `pnpm dev` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
