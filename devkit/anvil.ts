// Starts a local anvil chain on a free loopback port and stops it again.
import { startChild } from './childProcess.js';
import { foundryBinary } from './foundry.js';

export interface AnvilOptions {
  /** Chain id (anvil's default 31337). */
  chainId?: number;
  /** Seconds between mined blocks; by default a block is mined per transaction. */
  blockTime?: number;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Extra anvil flags. */
  args?: string[];
}

export interface Anvil {
  rpcUrl: string;
  chainId: number;
  pid: number;
  stop(): Promise<void>;
}

const startTimeoutMs = 15_000;

export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const chainId = options.chainId ?? 31337;
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0), '--chain-id', String(chainId)];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  args.push(...(options.args ?? []));

  let listening: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => (listening = resolve));
  const child = startChild({
    name: 'anvil',
    command: foundryBinary('anvil'),
    args,
    onLine: (line) => {
      const match = /^Listening on [\d.]+:(\d+)$/.exec(line.trim());
      if (match) listening(Number(match[1]));
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`anvil did not start within ${startTimeoutMs} ms:\n${child.output()}`)),
      startTimeoutMs,
    );
    void child.exited.then(() =>
      reject(new Error(`anvil exited with code ${child.process.exitCode} before listening:\n${child.output()}`)),
    );
  });
  const listeningPort = await Promise.race([port, failed])
    .catch(async (err: unknown) => {
      await child.kill();
      throw err;
    })
    .finally(() => clearTimeout(timer));

  return {
    rpcUrl: `http://127.0.0.1:${listeningPort}`,
    chainId,
    pid: child.process.pid!,
    stop: () => child.stop(5_000),
  };
}
