import { expect, it } from 'vitest';
import { printableUrl } from './redact.js';

it('shows where a node is, never the key a provider puts in its URL', () => {
  expect(printableUrl('https://rpc.ankr.com/moonbeam/0123456789abcdef')).toBe('https://rpc.ankr.com/…');
  expect(printableUrl('https://moonbeam.api.onfinality.io/rpc?apikey=s3cret')).toBe(
    'https://moonbeam.api.onfinality.io/…',
  );
  expect(printableUrl('https://user:s3cret@node.example:8545')).toBe('https://node.example:8545');
  expect(printableUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
});
