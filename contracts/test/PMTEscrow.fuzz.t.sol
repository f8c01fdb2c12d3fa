// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";

contract PMTEscrowFuzzTest is EscrowFixture {
    uint256 private constant MAX_AMOUNT = 1e30;

    function _payWith(address asset, uint256 amount, uint256 feeBps) private returns (PMTEscrow.Payment memory) {
        PMTEscrow.PaymentIntent memory intent = newIntent(asset, amount);
        // casting to 'uint16' is safe because every caller bounds feeBps to MAX_FEE_BPS
        // forge-lint: disable-next-line(unsafe-typecast)
        intent.feeBps = uint16(feeBps);
        return pay(intent);
    }

    function testFuzz_release_splitsExactlyIntoMerchantAndFee(uint256 amount, uint256 feeBps, bool useToken) public {
        amount = bound(amount, 1, useToken ? MAX_AMOUNT : 1_000_000 ether);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        address asset = useToken ? address(token) : NATIVE;
        PMTEscrow.Payment memory payment = _payWith(asset, amount, feeBps);
        vm.prank(buyer);
        escrow.release(payment);

        uint256 fee = escrow.platformFees(asset);
        assertEq(fee, amount * feeBps / 10_000, "fee rounds down");
        assertEq(escrow.balanceOf(merchant, asset) + fee, amount, "nothing created or lost");
        assertEq(balanceIn(asset, address(escrow)), amount, "escrow holds it until withdrawal");
    }

    function testFuzz_refundsThenRelease_conserveFunds(uint256 amount, uint256 first, uint256 second, uint256 feeBps)
        public
    {
        amount = bound(amount, 2, MAX_AMOUNT);
        first = bound(first, 1, amount - 1);
        second = bound(second, 1, amount - first);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        PMTEscrow.Payment memory payment = _payWith(address(token), amount, feeBps);
        uint256 buyerBefore = token.balanceOf(buyer);

        vm.prank(merchant);
        escrow.refund(payment, first);
        payment.amount -= first;
        vm.prank(keeper);
        escrow.refund(payment, second);
        payment.amount -= second;

        assertEq(token.balanceOf(buyer) - buyerBefore, first + second, "buyer refunded");
        if (payment.amount == 0) {
            assertTrue(!escrow.isEscrowed(payment), "fully refunded payment is settled");
            return;
        }
        vm.warp(payment.releaseAfter);
        assertEq(escrow.releaseBatch(one(payment)), 1, "rest released");
        uint256 released = payment.amount;
        assertEq(escrow.platformFees(address(token)), released * feeBps / 10_000, "fee on released part only");
        assertEq(
            escrow.balanceOf(merchant, address(token)) + escrow.platformFees(address(token)), released, "merchant + fee"
        );
        assertEq(token.balanceOf(address(escrow)), released, "escrow holds exactly the released part");
    }

    function testFuzz_resolveDispute_splitConservesFunds(uint256 amount, uint256 buyerAmount, uint256 feeBps) public {
        amount = bound(amount, 1, 1_000_000 ether);
        buyerAmount = bound(buyerAmount, 0, amount);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        PMTEscrow.Payment memory payment = disputed(_payWith(NATIVE, amount, feeBps));
        uint256 buyerBefore = buyer.balance;

        vm.prank(arbiter);
        escrow.resolveDispute(payment, buyerAmount);

        uint256 merchantShare = amount - buyerAmount;
        assertEq(buyer.balance - buyerBefore, buyerAmount, "buyer share");
        assertEq(escrow.platformFees(NATIVE), merchantShare * feeBps / 10_000, "fee on merchant share");
        assertEq(escrow.balanceOf(merchant, NATIVE) + escrow.platformFees(NATIVE), merchantShare, "merchant + fee");
        assertEq(address(escrow).balance, merchantShare, "escrow holds the merchant share");
    }

    function testFuzz_pay_rejectsAnyWrongValue(uint256 amount, uint256 sent) public {
        amount = bound(amount, 1, 1_000 ether);
        sent = bound(sent, 0, 2_000 ether);
        vm.assume(sent != amount);
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, amount);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.IncorrectPaymentValue.selector, intent.id, amount, sent));
        vm.prank(buyer);
        escrow.pay{value: sent}(intent, signature);
    }

    function testFuzz_storedCommitmentIsHashPayment(uint256 amount, uint64 hold, uint16 feeBps) public {
        amount = bound(amount, 1, MAX_AMOUNT);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), amount);
        intent.holdPeriod = uint64(bound(hold, 0, escrow.MAX_HOLD_PERIOD()));
        intent.feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        PMTEscrow.Payment memory payment = pay(intent);
        assertEq(escrow.paymentCommitment(payment.id), escrow.hashPayment(payment), "commitment");
        assertTrue(escrow.isEscrowed(payment), "record is current");
    }
}
