// Where a webhook may be delivered: never to loopback, private, link-local (cloud metadata lives there),
// shared, multicast or reserved addresses, judged on every address the host resolves to, at delivery time
// (a name can point anywhere by then). The request then connects to the address that was checked, so a
// second lookup cannot swap it (DNS rebinding).
import { lookup } from 'node:dns/promises';
import { BlockList, isIPv4 } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` is one no webhook may reach (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return isIPv4(address) ? blocked.check(address, 'ipv4') : blocked.check(address, 'ipv6');
}

export class BlockedAddressError extends Error {}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** The address to deliver to `url` at, or a BlockedAddressError saying why it may not be reached. */
export async function deliveryAddress(url: URL, allowPrivate: boolean): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new BlockedAddressError(`${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find(({ address }) => isBlockedAddress(address));
    if (bad) {
      throw new BlockedAddressError(
        `${host} resolves to ${bad.address}, a loopback, private or reserved address, which webhooks never reach`,
      );
    }
  }
  const [first] = addresses;
  return { address: first!.address, family: first!.family === 6 ? 6 : 4 };
}
