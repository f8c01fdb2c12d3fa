// Each price source against a real counterpart: a local HTTP server for the feed, a DevPriceFeed on the
// test run's anvil for the oracle.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Address, createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { devPriceFeedAbi, devPriceFeedBytecode } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { localChain, walletClientFor } from '../chain.js';
import { chainlinkOracle } from './chainlinkOracle.js';
import { fixedRates } from './fixedRates.js';
import { httpFeed } from './httpFeed.js';
import { cachedPriceSource, type PriceSource, PriceUnavailableError, UnsupportedPairError } from './priceSource.js';

describe('fixed rates', () => {
  it('answers configured pairs and refuses others', async () => {
    const source = fixedRates({ ETH: { USD: '3000.50' } });
    await expect(source.rate('ETH', 'USD')).resolves.toEqual({ rate: '3000.50', source: 'fixed' });
    await expect(source.rate('ETH', 'EUR')).rejects.toBeInstanceOf(UnsupportedPairError);
  });

  it('refuses a table with a rate that is not a positive decimal', () => {
    expect(() => fixedRates({ ETH: { USD: '0' } })).toThrow(/zero/);
    expect(() => fixedRates({ ETH: { USD: '3e3' } })).toThrow(/plain decimal/);
  });
});

describe('cache', () => {
  it('asks the source once per pair and ttl, shares a lookup in flight, and does not keep failures', async () => {
    let clock = 0;
    let calls = 0;
    let fail = false;
    const counting: PriceSource = {
      async rate() {
        calls += 1;
        if (fail) throw new PriceUnavailableError('down');
        return { rate: String(calls), source: 'count' };
      },
    };
    const cached = cachedPriceSource(counting, 1_000, () => clock);
    const [a, b] = await Promise.all([cached.rate('ETH', 'USD'), cached.rate('ETH', 'USD')]);
    expect([a.rate, b.rate, calls]).toEqual(['1', '1', 1]);
    clock = 999;
    expect((await cached.rate('ETH', 'USD')).rate).toBe('1');
    clock = 1_000;
    fail = true;
    await expect(cached.rate('ETH', 'USD')).rejects.toThrow('down');
    fail = false;
    expect((await cached.rate('ETH', 'USD')).rate).toBe('3');
  });
});

describe('HTTP feed', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string };
  let asked: string | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked = req.url;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const feed = () =>
    httpFeed({ urlTemplate: `${base}/price?base={asset}&quote={currency}`, jsonPath: 'data.{currency}.price' });

  it('reads the rate at the JSON path, as a string or a number', async () => {
    answer = { status: 200, body: '{"data":{"USD":{"price":"3012.45"}}}' };
    await expect(feed().rate('ETH', 'USD')).resolves.toEqual({ rate: '3012.45', source: new URL(base).host });
    expect(asked).toBe('/price?base=ETH&quote=USD');
    answer = { status: 200, body: '{"data":{"EUR":{"price":0.2531}}}' };
    await expect(feed().rate('GLMR', 'EUR')).resolves.toMatchObject({ rate: '0.2531' });
    expect(asked).toBe('/price?base=GLMR&quote=EUR');
  });

  it('treats 404 as an unsupported pair and anything else wrong as unavailable', async () => {
    answer = { status: 404, body: '{}' };
    await expect(feed().rate('ETH', 'USD')).rejects.toBeInstanceOf(UnsupportedPairError);
    for (const body of [
      '{"data":{}}',
      '{"data":{"USD":{"price":"-1"}}}',
      '{"data":{"USD":{"price":"1e3"}}}',
      'not json',
      '{"data":{"USD":{"price":0}}}',
    ]) {
      answer = { status: 200, body };
      await expect(feed().rate('ETH', 'USD'), body).rejects.toBeInstanceOf(PriceUnavailableError);
    }
    answer = { status: 503, body: '{}' };
    await expect(feed().rate('ETH', 'USD')).rejects.toThrow(/HTTP 503/);
  });

  it('gives up on a feed that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/{asset}`;
    const started = performance.now();
    await expect(httpFeed({ urlTemplate: url, jsonPath: 'p', timeoutMs: 200 }).rate('ETH', 'USD')).rejects.toThrow(
      /did not answer/,
    );
    // Well under the 3 s default: the given timeout is the one that fired.
    expect(performance.now() - started).toBeLessThan(2_500);
    silent.closeAllConnections();
    silent.close();
  });
});

describe('Chainlink-style oracle', () => {
  const rpcUrl = inject('rpcUrl');
  const chain = localChain(inject('chainId'), rpcUrl);
  const wallet = walletClientFor(chain, devAccounts.admin);
  const client = createPublicClient({ chain, transport: http(rpcUrl) });
  let feedAddress: Address;

  beforeAll(async () => {
    const hash = await wallet.deployContract({
      abi: devPriceFeedAbi,
      bytecode: devPriceFeedBytecode,
      args: [8, 301_245_000_000n],
    });
    feedAddress = (await wallet.waitForTransactionReceipt({ hash })).contractAddress!;
  });

  const oracle = (now?: () => number) =>
    chainlinkOracle({ client, feeds: { 'ETH/USD': feedAddress }, maxAgeSeconds: 3_600, now });
  const chainNow = async () => Number((await client.getBlock()).timestamp);

  it('reads the latest answer with its decimals', async () => {
    const now = await chainNow();
    await expect(oracle(() => now).rate('ETH', 'USD')).resolves.toEqual({ rate: '3012.45', source: feedAddress });
    await expect(oracle().rate('ETH', 'EUR')).rejects.toBeInstanceOf(UnsupportedPairError);
  });

  it('refuses stale and non-positive answers', async () => {
    const now = await chainNow();
    await wallet.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: feedAddress,
        abi: devPriceFeedAbi,
        functionName: 'setAnswer',
        args: [1n, BigInt(now - 7_200)],
      }),
    });
    await expect(oracle(() => now).rate('ETH', 'USD')).rejects.toThrow(/last updated 7200 s ago/);
    await wallet.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: feedAddress,
        abi: devPriceFeedAbi,
        functionName: 'setAnswer',
        args: [0n, BigInt(now)],
      }),
    });
    await expect(oracle(() => now).rate('ETH', 'USD')).rejects.toThrow(/answered 0/);
  });

  it('reports an address that is not an aggregator as unavailable', async () => {
    const broken = chainlinkOracle({ client, feeds: { 'ETH/USD': devAccounts.buyer.address }, maxAgeSeconds: 60 });
    await expect(broken.rate('ETH', 'USD')).rejects.toBeInstanceOf(PriceUnavailableError);
  });
});
