#!/usr/bin/env node
// The `twinleg` command. Sources are TypeScript run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
