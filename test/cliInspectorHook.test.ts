/** `twinleg run --inspector`: the hook starts the real inspector; a busy port is named. */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startInspector } from '../cli/runtime/inspectorHook.js';
import { TwinlegError } from '../core/index.js';
import { testEngine } from './support/engine.js';

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  blocker = undefined;
});

describe('inspector hook', () => {
  it('starts the inspector and closes it', async () => {
    const e = testEngine();
    const insp = await startInspector(e.supervisor, { host: '127.0.0.1', port: 0 });
    expect(insp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await insp.close();
  });

  it('a busy port is a port_in_use error naming the port', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as AddressInfo;
    const e = testEngine();
    const err = await startInspector(e.supervisor, { host: '127.0.0.1', port }).catch(
      (x: unknown) => x
    );
    expect(err).toBeInstanceOf(TwinlegError);
    expect((err as TwinlegError).code).toBe('port_in_use');
    expect((err as Error).message).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });
});
