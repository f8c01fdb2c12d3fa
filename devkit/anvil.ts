// Starts a local anvil chain on a free loopback port and stops it again.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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

  const child = spawn(foundryBinary('anvil'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(new Error(`anvil did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    const onError = (err: Error) => fail(err);
    const onExit = (code: number | null) =>
      fail(new Error(`anvil exited with code ${code} before listening: ${stderr.trim()}`));
    const settle = () => {
      clearTimeout(timer);
      lines.close();
      child.off('error', onError);
      child.off('exit', onExit);
    };
    function fail(err: Error) {
      settle();
      child.kill('SIGKILL');
      reject(err);
    }
    lines.on('line', (line) => {
      const match = /^Listening on [\d.]+:(\d+)$/.exec(line.trim());
      if (!match) return;
      settle();
      child.stdout.resume(); // keep draining anvil's log so it never blocks on a full pipe
      resolve(Number(match[1]));
    });
    child.once('error', onError);
    child.once('exit', onExit);
  });

  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    chainId,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
