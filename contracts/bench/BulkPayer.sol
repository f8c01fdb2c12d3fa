// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {PMTEscrow} from "../PMTEscrow.sol";

/// @title BulkPayer
/// @notice Benchmark and test helper that makes PMTEscrow emit payment lifecycle events in bulk: it pays
///         native-currency intents as the buyer and releases each at once, hundreds per transaction.
/// @dev It signs its own intents through ERC-1271, so it needs `OPERATOR_ROLE` on the escrow: grant that
///      only on a dev chain. Never deploy it anywhere real.
contract BulkPayer is IERC1271 {
    /// @notice The escrow paid into.
    PMTEscrow public immutable escrow;

    /// @notice Payments made so far; numbers the next intent id.
    uint64 public paid;

    /// @notice `payAndRelease` was sent less value than `count * amount`.
    /// @param expected Value needed.
    /// @param actual Value sent.
    error IncorrectValue(uint256 expected, uint256 actual);

    /// @param escrow_ The escrow to pay into.
    constructor(PMTEscrow escrow_) {
        escrow = escrow_;
    }

    /// @notice Pays `count` intents of `amount` native currency each to `merchant` and releases each one
    ///         right away: two events (`PaymentEscrowed`, `PaymentReleased`) per payment.
    /// @param merchant Merchant credited.
    /// @param count Number of payments.
    /// @param amount Amount of each payment; send `count * amount` as value.
    function payAndRelease(address merchant, uint256 count, uint256 amount) external payable {
        if (msg.value != count * amount) revert IncorrectValue(count * amount, msg.value);
        uint64 deadline = uint64(block.timestamp + 1 hours);
        // The escrow reads ERC-1271 signatures as the signer's address followed by its signature bytes.
        bytes memory signature = abi.encodePacked(address(this), bytes1(0));
        uint64 next = paid;
        for (uint256 i; i < count; ++i) {
            bytes32 id = bytes32((uint256(++next) << 64) | deadline);
            escrow.pay{value: amount}(
                PMTEscrow.PaymentIntent({
                    id: id,
                    merchant: merchant,
                    token: address(0),
                    amount: amount,
                    feeBps: 100,
                    deadline: deadline,
                    holdPeriod: 0
                }),
                signature
            );
            escrow.release(
                PMTEscrow.Payment({
                    id: id,
                    buyer: address(this),
                    merchant: merchant,
                    token: address(0),
                    amount: amount,
                    feeBps: 100,
                    releaseAfter: uint64(block.timestamp)
                })
            );
        }
        paid = next;
    }

    /// @notice Accepts every signature, but only when the escrow asks: this contract signs its own intents.
    /// @return magicValue ERC-1271's magic value for the escrow, an invalid value for anyone else.
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4 magicValue) {
        return msg.sender == address(escrow) ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
