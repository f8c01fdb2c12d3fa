// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title PMTDepositForwarder
/// @notice The code behind every deposit address: a buyer who can only send a plain transfer (a phone
///         wallet scanning a QR code, an exchange withdrawal) sends it to the deposit address of one payment
///         intent, and this code holds it until the escrow moves it on.
/// @dev Deployed once by `PMTEscrow`'s constructor; each deposit address is an EIP-1167 clone of it, created
///      by the escrow with CREATE2 and the intent's EIP-712 digest as salt, so the address exists (and can
///      receive funds) before any code is there. Only the escrow may move what a clone holds, and the escrow
///      does only two things with it: fund the escrow for exactly that clone's intent (`PMTEscrow.sweep`), or
///      send it back to a refund address (`PMTEscrow.returnDeposit`). Clones delegate to this contract, so
///      they read the immutable `ESCROW` from its code.
contract PMTDepositForwarder {
    using SafeERC20 for IERC20;

    /// @notice The escrow that deployed this code; the only caller `send` accepts.
    address public immutable ESCROW;

    /// @notice `send` was called by someone other than the escrow.
    /// @param caller The caller.
    error NotEscrow(address caller);

    constructor() {
        ESCROW = msg.sender;
    }

    /// @notice Accepts native currency once the address has code (before, a transfer needs no code at all).
    receive() external payable {}

    /// @notice Sends `amount` of `token` (`address(0)` = native) to `to`; only the escrow may call. Reverts
    ///         when this address holds less (`Errors.InsufficientBalance` for native currency, the token's
    ///         own error otherwise) or the recipient refuses it.
    /// @param token The token to send, or `address(0)` for native currency.
    /// @param to The escrow itself, or a refund address the escrow's keeper named.
    /// @param amount Amount to send, in the token's base units.
    function send(address token, address to, uint256 amount) external {
        if (msg.sender != ESCROW) revert NotEscrow(msg.sender);
        if (token == address(0)) Address.sendValue(payable(to), amount);
        else IERC20(token).safeTransfer(to, amount);
    }
}
