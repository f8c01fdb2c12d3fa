// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../../PMTEscrow.sol";

/// @dev The record `payer` creates by paying (or being swept into) `intent` now.
function recordOf(PMTEscrow.PaymentIntent memory intent, address payer) view returns (PMTEscrow.Payment memory) {
    return PMTEscrow.Payment({
        id: intent.id,
        buyer: payer,
        merchant: intent.merchant,
        token: intent.token,
        amount: intent.amount,
        feeBps: intent.feeBps,
        releaseAfter: uint64(block.timestamp) + intent.holdPeriod
    });
}
