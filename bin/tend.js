#!/usr/bin/env node
// Tend's command line. Runs the TypeScript sources directly through tsx, so there is no build
// step between `npm install` and `npx --no tend <command>`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
