// An address a request names to receive funds (a payout wallet, a refund's destination): in EIP-55 form,
// or a 400 that says what is wrong with it.
import { getAddress, isAddress, zeroAddress } from 'viem';
import { ApiError } from './errors.js';

export function receivingAddress(input: string, param: string): `0x${string}` {
  if (!/^0x[0-9a-fA-F]{40}$/.test(input)) {
    throw new ApiError(
      'address_invalid',
      'Invalid address: an EVM address is 0x followed by 40 hexadecimal digits.',
      param,
    );
  }
  if (!isAddress(input, { strict: true })) {
    throw new ApiError(
      'address_checksum_invalid',
      'Invalid address: its mixed-case EIP-55 checksum is wrong, so it may contain a typo. Copy it again from your wallet, or send it all lower-case.',
      param,
    );
  }
  if (input.toLowerCase() === zeroAddress)
    throw new ApiError('address_invalid', 'Invalid address: the zero address cannot receive funds.', param);
  return getAddress(input);
}
