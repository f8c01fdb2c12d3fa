// A TCP proxy that injects faults between a process and what it depends on (a node's RPC, say), as a
// network or a struggling provider would: passing bytes through, refusing new connections and resetting
// open ones (unreachable), holding every byte a while (slow), or answering each request itself with a
// canned HTTP response (a provider's 429, a node's JSON-RPC error), never reaching the upstream.
import { createServer, type Server, Socket } from 'node:net';

export type Fault =
  | { kind: 'none' }
  /** New connections are reset at once, and open ones were reset when this began. */
  | { kind: 'unreachable' }
  /** Every chunk a client sends is held this long before it is passed on: each call takes that much longer. */
  | { kind: 'slow'; delayMs: number }
  /** Every request gets this HTTP answer from the proxy itself; the upstream sees nothing. */
  | { kind: 'answer'; status: number; body: string };

export interface FaultProxy {
  /** Where clients connect: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Starts `fault` (open connections are reset when it is `unreachable`); `none` ends it. */
  set(fault: Fault): void;
  /** Connections the proxy accepted so far, for a test to see that traffic went through it. */
  readonly connections: number;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 200: 'OK' };

/** A proxy on a free loopback port to `upstream` (`host:port`, or an http URL). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream.includes('://') ? upstream : `tcp://${upstream}`);
  const open = new Set<Socket>();
  let fault: Fault = { kind: 'none' };
  let connections = 0;

  const answer = (client: Socket, { status, body }: { status: number; body: string }) => {
    const head = [
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...(status === 429 ? ['retry-after: 1'] : []),
    ].join('\r\n');
    client.end(`${head}\r\n\r\n${body}`);
  };

  /** Passes `from`'s bytes to `to`; a client's chunks are held `delayMs` while the fault is `slow`. */
  const pipe = (from: Socket, to: Socket, fromClient: boolean) => {
    from.on('data', (chunk: Buffer) => {
      if (fault.kind === 'answer' && fromClient) {
        // A connection opened before the fault: its next request is answered too, as a new one's would be.
        to.destroy();
        answer(from, fault);
      } else if (fault.kind === 'slow' && fromClient) {
        from.pause();
        setTimeout(() => {
          to.write(chunk);
          from.resume();
        }, fault.delayMs);
      } else {
        to.write(chunk);
      }
    });
    from.on('end', () => to.end());
  };

  const server: Server = createServer((client) => {
    connections++;
    client.on('error', () => {});
    if (fault.kind === 'unreachable') {
      client.resetAndDestroy();
      return;
    }
    if (fault.kind === 'answer') {
      const canned = fault;
      client.once('data', () => answer(client, canned));
      return;
    }
    const upstreamSocket = new Socket();
    upstreamSocket.on('error', () => client.resetAndDestroy());
    client.on('error', () => upstreamSocket.destroy());
    client.on('close', () => {
      upstreamSocket.destroy();
      open.delete(client);
    });
    upstreamSocket.on('close', () => {
      if (!client.writableEnded) client.destroy();
    });
    open.add(client);
    upstreamSocket.connect(Number(target.port), target.hostname, () => {
      pipe(client, upstreamSocket, true);
      pipe(upstreamSocket, client, false);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    set(next) {
      fault = next;
      if (next.kind === 'unreachable') {
        for (const socket of open) socket.resetAndDestroy();
        open.clear();
      }
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
