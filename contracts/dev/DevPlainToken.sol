// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DevPlainToken
/// @notice A token without EIP-2612 permits, as USDT and the Asset Hubs' ERC-20 precompiles are: buyers of
///         such a token approve the escrow, then pay. Configurable decimals and a `mint` open to anyone; for
///         tests and the local stack only.
contract DevPlainToken is ERC20 {
    /// @dev Decimals reported by `decimals()`.
    uint8 private immutable _decimals;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Decimals, e.g. 6 for a USDT-like token.
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    /// @notice Mints `amount` to `to`; anyone may call.
    /// @param to Recipient.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
