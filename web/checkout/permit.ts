// EIP-2612: one signature instead of an approval transaction, where the token supports it. Support is
// proved, not assumed: the token must answer `nonces` and `DOMAIN_SEPARATOR`, and the domain the page
// would sign must hash to that separator (tokens differ in their domain's version), else the page falls
// back to approve + pay.
import {
  domainSeparator,
  getTypesForEIP712Domain,
  parseSignature,
  serializeTypedData,
  type TypedDataDomain,
} from 'viem';
import { read } from './contracts.js';
import { ask, type Provider } from './provider.js';
import type { Hex } from './types.js';

const permitAbi = [
  { type: 'function', name: 'DOMAIN_SEPARATOR', stateMutability: 'view', inputs: [], outputs: [{ type: 'bytes32' }] },
  {
    type: 'function',
    name: 'nonces',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ type: 'uint256' }],
  },
  { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  { type: 'function', name: 'version', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  {
    // EIP-5267
    type: 'function',
    name: 'eip712Domain',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'fields', type: 'bytes1' },
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
      { name: 'salt', type: 'bytes32' },
      { name: 'extensions', type: 'uint256[]' },
    ],
  },
] as const;

export interface PermitSupport {
  domain: TypedDataDomain;
  nonce: bigint;
}

/** The token's permit domain and the owner's nonce, or undefined when the token has no usable permit. */
export async function permitSupport(
  provider: Provider,
  token: Hex,
  owner: Hex,
  chainId: number,
): Promise<PermitSupport | undefined> {
  const call = <name extends (typeof permitAbi)[number]['name']>(functionName: name, args?: readonly unknown[]) =>
    read(provider, { address: token, abi: permitAbi, functionName, args }).catch(() => undefined);
  const [separator, nonce] = await Promise.all([call('DOMAIN_SEPARATOR'), call('nonces', [owner])]);
  if (typeof separator !== 'string' || typeof nonce !== 'bigint') return undefined;
  const announced = (await call('eip712Domain')) as readonly [Hex, string, string] | undefined;
  const name = announced?.[1] ?? ((await call('name')) as string | undefined);
  if (name === undefined) return undefined;
  const versions = [announced?.[2], (await call('version')) as string | undefined, '1', '2'];
  for (const version of versions) {
    if (version === undefined) continue;
    const domain = { name, version, chainId, verifyingContract: token };
    if (domainSeparator({ domain }) === separator) return { domain, nonce };
  }
  return undefined;
}

const permitType = [
  { name: 'owner', type: 'address' },
  { name: 'spender', type: 'address' },
  { name: 'value', type: 'uint256' },
  { name: 'nonce', type: 'uint256' },
  { name: 'deadline', type: 'uint256' },
] as const;

export interface PermitSignature {
  v: number;
  r: Hex;
  s: Hex;
}

/** Asks the wallet to sign a permit letting `spender` take `value` until `deadline`. */
export async function signPermit(
  provider: Provider,
  support: PermitSupport,
  permit: { owner: Hex; spender: Hex; value: bigint; deadline: bigint },
): Promise<PermitSignature> {
  const typedData = serializeTypedData({
    domain: support.domain,
    // serializeTypedData writes the domain only when its type is given (viem's own signers add it).
    types: { EIP712Domain: getTypesForEIP712Domain({ domain: support.domain }), Permit: permitType } as {
      Permit: typeof permitType;
    },
    primaryType: 'Permit',
    message: { ...permit, nonce: support.nonce },
  });
  const signature = await ask<Hex>(provider, 'eth_signTypedData_v4', [permit.owner, typedData]);
  const { r, s, v, yParity } = parseSignature(signature);
  return { r, s, v: Number(v ?? BigInt(yParity + 27)) };
}
