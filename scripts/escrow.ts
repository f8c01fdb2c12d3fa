// npm run escrow -- calldata <function> [args…]
// npm run escrow -- call --key-file <file> <function> [args…]
// The escrow's own functions, by name, for what the gateway has no command for: role changes, pausing,
// rulings, the admin handover. `calldata` prints the data of a transaction for the admin multisig to send
// (to the escrow, value 0); `call` sends it from a key file. Arguments are read by the function's ABI
// (numbers as whole numbers, role arguments also by name: OPERATOR_ROLE). A call that would revert is not
// sent: the escrow's error is printed decoded (`AccessControlEnforcedDefaultAdminDelay(schedule: …)`).
// `call` reaches the escrow at ESCROW_ADDRESS through RPC_URL (or `.env`'s).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type Abi,
  type AbiFunction,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  isAddress,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { pmtEscrowAbi } from '../abis/index.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { escrowRoleId, escrowRoleNames } from '../lib/roles.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';

const USAGE = [
  'usage: npm run escrow -- calldata <function> [args…]',
  '       npm run escrow -- call --key-file <file> <function> [args…]   (ESCROW_ADDRESS, RPC_URL)',
].join('\n');

function fail(message: string): never {
  process.stderr.write(`npm run escrow: ${message}\n${USAGE}\n`);
  process.exit(1);
}

/** The escrow function `name`: its ABI entry, or a failure listing what there is. */
/** The escrow's ABI as plain ABI items: looked up by a name known only at run time. */
const escrowAbi: readonly AbiFunction[] = (pmtEscrowAbi as readonly { type: string }[]).filter(
  (item): item is AbiFunction => item.type === 'function',
);

function escrowFunction(name: string): AbiFunction {
  const found = escrowAbi.filter((item) => item.name === name);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) return fail(`${name} is overloaded in the escrow's ABI: not supported here`);
  const writable = escrowAbi
    .filter((item) => item.stateMutability !== 'view' && item.stateMutability !== 'pure')
    .map((item) => item.name);
  return fail(`the escrow has no function ${JSON.stringify(name)}; it has ${[...new Set(writable)].sort().join(', ')}`);
}

/** One argument from the command line, as the parameter's type wants it. */
function argumentFor(type: string, text: string, name: string): unknown {
  if (/^u?int\d*$/.test(type)) {
    if (!/^-?\d+$/.test(text)) return fail(`${name}: ${JSON.stringify(text)} is not a whole number`);
    return BigInt(text);
  }
  if (type === 'bool') {
    if (text !== 'true' && text !== 'false') return fail(`${name}: needs true or false`);
    return text === 'true';
  }
  if (type === 'address') {
    if (!isAddress(text)) return fail(`${name}: ${JSON.stringify(text)} is not an address`);
    return getAddress(text);
  }
  if (type === 'bytes32' && (escrowRoleNames as readonly string[]).includes(text)) {
    return escrowRoleId(text as (typeof escrowRoleNames)[number]);
  }
  if (type.endsWith(']') || type.startsWith('tuple'))
    return fail(`${name}: a ${type} argument cannot be given on the command line`);
  return text;
}

function encode(name: string, texts: string[]): { fn: AbiFunction; args: unknown[]; data: Hex } {
  const fn = escrowFunction(name);
  if (texts.length !== fn.inputs.length) {
    const wanted = fn.inputs.map((input) => `${input.type} ${input.name}`).join(', ');
    return fail(`${name} takes ${fn.inputs.length} argument(s) (${wanted}); got ${texts.length}`);
  }
  const args = fn.inputs.map((input, i) => argumentFor(input.type, texts[i]!, input.name ?? `argument ${i + 1}`));
  return { fn, args, data: encodeFunctionData({ abi: [fn], functionName: fn.name, args }) };
}

/** An escrow revert as its error's name and arguments, from the ABI; otherwise viem's own words. */
function explain(err: unknown): string {
  if (err instanceof BaseError) {
    const reverted = err.walk((cause) => cause instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      const { errorName, args = [], abiItem } = reverted.data;
      const inputs = 'inputs' in abiItem ? abiItem.inputs : [];
      const shown = args.map((value, i) => `${inputs[i]?.name || i}: ${String(value)}`).join(', ');
      return `the escrow refuses it: ${errorName}(${shown})`;
    }
    return err.shortMessage;
  }
  return err instanceof Error ? err.message : String(err);
}

async function call(keyFile: string, name: string, texts: string[]) {
  const escrow = process.env.ESCROW_ADDRESS;
  const rpcUrl = process.env.RPC_URL;
  if (!escrow || !isAddress(escrow)) fail('set ESCROW_ADDRESS to the escrow’s address');
  if (!rpcUrl) fail('set RPC_URL to a node of the escrow’s chain');
  let key: string;
  try {
    key = readFileSync(keyFile, 'utf8').split('\n')[0]!.trim();
  } catch (err) {
    return fail(`cannot read the key file: ${(err as Error).message}`);
  }
  const account = privateKeyToAccount(key as Hex);
  const { fn, args } = encode(name, texts);
  const chainId = await createPublicClient({ transport: http(rpcUrl) }).getChainId();
  const wallet = walletClientFor(localChain(chainId, rpcUrl), account);
  // The function with every error of the escrow, so that a revert decodes to its name and arguments.
  const abi: Abi = [fn, ...(pmtEscrowAbi as Abi).filter((item) => item.type === 'error')];
  try {
    const { request } = await wallet.simulateContract({
      address: getAddress(escrow),
      abi,
      functionName: fn.name,
      args,
    });
    const receipt = await confirmed(wallet, wallet.writeContract(request));
    process.stdout.write(`${receipt.transactionHash} mined in block ${receipt.blockNumber}\n`);
  } catch (err) {
    process.stderr.write(`npm run escrow: ${fn.name} from ${account.address}: ${explain(err)}\n`);
    process.exit(1);
  }
}

const { values, positionals } = parseArgs({
  options: { 'key-file': { type: 'string' } },
  allowPositionals: true,
});
const [command, name, ...texts] = positionals;
if (!name) fail('name a function of the escrow');
if (command === 'calldata') {
  process.stdout.write(`${encode(name, texts).data}\n`);
} else if (command === 'call') {
  loadDotEnv();
  if (!values['key-file']) fail('call needs --key-file <file>: the key that sends it');
  await call(values['key-file'], name, texts);
} else {
  fail(`unknown command ${JSON.stringify(command ?? '')}`);
}
