// The fault proxy the fault benchmark puts between the gateway's processes and their nodes: each fault as
// a client meets it, against a real HTTP server behind the proxy.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from './harness/faultProxy.js';

const upstream = createServer((_request, response) => response.end('{"jsonrpc":"2.0","id":1,"result":"0x1"}'));
await new Promise<void>((listening) => upstream.listen(0, '127.0.0.1', listening));
const proxy = await startFaultProxy(`127.0.0.1:${(upstream.address() as AddressInfo).port}`);
afterAll(async () => {
  await proxy.close();
  await new Promise((closed) => upstream.close(closed));
});

const call = () => fetch(proxy.url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(10_000) });

describe('the fault proxy', () => {
  it('passes requests through while there is no fault', async () => {
    const response = await call();
    expect(await response.json()).toMatchObject({ result: '0x1' });
  });

  it('refuses connections while unreachable, and passes again after', async () => {
    proxy.set({ kind: 'unreachable' });
    await expect(call()).rejects.toThrow(/fetch failed/);
    proxy.set({ kind: 'none' });
    expect((await call()).status).toBe(200);
  });

  it('holds each request while slow', async () => {
    proxy.set({ kind: 'slow', delayMs: 600 });
    const started = performance.now();
    expect((await call()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    proxy.set({ kind: 'none' });
  });

  it('answers for the upstream while told to: a 429, or a JSON-RPC error', async () => {
    proxy.set({ kind: 'answer', status: 429, body: '{"error":"rate limited"}' });
    const limited = await call();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    const busy = '{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit exceeded"}}';
    proxy.set({ kind: 'answer', status: 200, body: busy });
    expect(await (await call()).json()).toMatchObject({ error: { code: -32005 } });
    proxy.set({ kind: 'none' });
    expect(await (await call()).json()).toMatchObject({ result: '0x1' });
  });
});
