import { describe, expect, it } from 'vitest';
import { BlockedAddressError, deliveryAddress, isBlockedAddress } from './address.js';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254', // AWS metadata over IPv6
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
});

describe('deliveryAddress', () => {
  it('refuses a name that resolves to loopback, and allows it only when told to', async () => {
    await expect(deliveryAddress(new URL('http://localhost:9/hook'), false)).rejects.toThrow(BlockedAddressError);
    await expect(deliveryAddress(new URL('http://[::1]:9/hook'), false)).rejects.toThrow(/::1/);
    expect(await deliveryAddress(new URL('http://127.0.0.1:9/hook'), true)).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});
