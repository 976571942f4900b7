/**
 * The connected pages: broadcast of frames, with a per-client send-buffer bound so one slow
 * page can neither stall the engine nor grow memory without limit (its frames are skipped
 * and counted instead).
 */
import type { WebSocket } from 'ws';

/** Default bytes a client may have queued before frames to it are skipped (4 MiB). */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** See the module comment. */
export class Hub {
  private readonly clients = new Set<WebSocket>();
  private skipped = 0;

  constructor(private readonly maxBuffered = MAX_BUFFERED_BYTES) {}

  /** Number of connected clients. */
  size(): number {
    return this.clients.size;
  }

  /** Frames not sent to a slow client so far. */
  framesSkipped(): number {
    return this.skipped;
  }

  /**
   * Adds a client: `replay` sends it the catch-up frames first (synchronously, so no live
   * frame can slip in between), then it receives every broadcast until it closes.
   */
  add(ws: WebSocket, replay: (send: (frame: string) => void) => void): void {
    replay((f) => ws.send(f));
    this.clients.add(ws);
    const drop = () => this.clients.delete(ws);
    ws.on('close', drop);
    ws.on('error', drop);
  }

  /** Sends a frame to every client that keeps up. */
  broadcast(frame: string): void {
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > this.maxBuffered) {
        this.skipped++;
        continue;
      }
      ws.send(frame);
    }
  }

  /** Closes every client. */
  closeAll(): void {
    for (const ws of this.clients) ws.close(1001, 'inspector closing');
    this.clients.clear();
  }
}
