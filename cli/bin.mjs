#!/usr/bin/env node
// The `twinleg` command. Sources are TypeScript run through tsx's loader (no build step).
import process from 'node:process';
import { register } from 'tsx/esm/api';

// `twinleg --help | head`: a reader that closes early is the end of the output, not a crash
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

register();
await import('./main.ts');
