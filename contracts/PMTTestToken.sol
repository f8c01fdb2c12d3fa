// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title PMTTestToken
/// @notice A stablecoin stand-in for tests and the local stack: EIP-2612 permit, configurable decimals,
///         and a `mint` open to anyone. Never deploy it where its tokens could be mistaken for money.
contract PMTTestToken is ERC20Permit {
    /// @dev Decimals reported by `decimals()`.
    uint8 private immutable _decimals;

    /// @param name_ Token name (also the EIP-712 domain name of its permits).
    /// @param symbol_ Token symbol.
    /// @param decimals_ Decimals, e.g. 6 for a USDC-like token.
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
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
