// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DevPriceFeed
/// @notice A Chainlink-style price aggregator (the AggregatorV3Interface reads) whose answer anyone may set.
/// @dev For dev chains and tests of the gateway's oracle price source only; never deploy it where a price
///      matters.
contract DevPriceFeed {
    /// @notice Decimals of `answer`, as Chainlink's USD feeds use 8.
    uint8 public immutable decimals;

    int256 private _answer;
    uint256 private _updatedAt;
    uint80 private _roundId;

    /// @param decimals_ Decimals of every answer.
    /// @param answer Initial price.
    constructor(uint8 decimals_, int256 answer) {
        decimals = decimals_;
        setAnswer(answer, block.timestamp);
    }

    /// @notice Starts a new round with `answer`, as updated at `updatedAt` (unix seconds).
    /// @param answer The price, with `decimals` decimals.
    /// @param updatedAt When the round counts as updated; lets tests make a feed stale.
    function setAnswer(int256 answer, uint256 updatedAt) public {
        _answer = answer;
        _updatedAt = updatedAt;
        ++_roundId;
    }

    /// @notice The latest round, in AggregatorV3Interface's shape.
    /// @return roundId The round.
    /// @return answer The price.
    /// @return startedAt When the round started (same as `updatedAt`).
    /// @return updatedAt When the price was set.
    /// @return answeredInRound The round the answer was computed in.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }
}
