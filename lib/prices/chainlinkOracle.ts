// On-chain rates from Chainlink-style aggregators (AggregatorV3Interface), one per pair: the answer is an
// integer with `decimals()` decimals, refused when not positive or older than `maxAgeSeconds`.
import { type Address, formatUnits, type PublicClient, parseAbi } from 'viem';
import { type PriceSource, PriceUnavailableError, UnsupportedPairError } from './priceSource.js';

export const aggregatorV3Abi = parseAbi([
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]);

export interface ChainlinkOptions {
  client: Pick<PublicClient, 'readContract'>;
  /** Aggregator per pair, keyed `ASSET/CURRENCY` (`GLMR/USD`). */
  feeds: Record<string, Address>;
  maxAgeSeconds: number;
  now?: () => number;
}

export function chainlinkOracle({
  client,
  feeds,
  maxAgeSeconds,
  now = () => Date.now() / 1000,
}: ChainlinkOptions): PriceSource {
  return {
    async rate(asset, currency) {
      const address = feeds[`${asset}/${currency}`];
      if (!address) throw new UnsupportedPairError(asset, currency);
      const aggregator = { address, abi: aggregatorV3Abi } as const;
      let decimals: number;
      let answer: bigint;
      let updatedAt: bigint;
      try {
        [decimals, [, answer, , updatedAt]] = await Promise.all([
          client.readContract({ ...aggregator, functionName: 'decimals' }),
          client.readContract({ ...aggregator, functionName: 'latestRoundData' }),
        ]);
      } catch (err) {
        throw new PriceUnavailableError(
          `price oracle ${address} could not be read: ${(err as Error).message.split('\n')[0]}`,
        );
      }
      if (answer <= 0n) throw new PriceUnavailableError(`price oracle ${address} answered ${answer}, not a price`);
      const age = Math.floor(now()) - Number(updatedAt);
      if (age > maxAgeSeconds) {
        throw new PriceUnavailableError(
          `price oracle ${address} was last updated ${age} s ago, more than the ${maxAgeSeconds} s allowed`,
        );
      }
      return { rate: formatUnits(answer, decimals), source: address };
    },
  };
}
