// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";

contract PMTEscrowFuzzTest is EscrowFixture {
    /// @dev The fixture's buyer holds 1e30 of the token.
    uint256 private constant MAX_TOKENS = 1e30;

    function _payWith(address asset, uint256 amount, uint256 feeBps) private returns (PMTEscrow.Payment memory) {
        PMTEscrow.PaymentIntent memory intent = newIntent(asset, amount);
        // casting to 'uint16' is safe because every caller bounds feeBps to MAX_FEE_BPS
        // forge-lint: disable-next-line(unsafe-typecast)
        intent.feeBps = uint16(feeBps);
        return pay(intent);
    }

    function testFuzz_release_splitsExactlyIntoMerchantAndFee(uint256 amount, uint256 feeBps, bool useToken) public {
        amount = bound(amount, 1, useToken ? MAX_TOKENS : 1_000_000 ether);
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
        amount = bound(amount, 2, MAX_TOKENS);
        first = bound(first, 1, amount - 1);
        second = bound(second, 1, amount - first);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        PMTEscrow.Payment memory payment = _payWith(address(token), amount, feeBps);
        uint256 buyerBefore = token.balanceOf(buyer);

        vm.prank(merchant);
        escrow.refund(payment, first);
        vm.prank(keeper);
        escrow.refund(payment, second);

        assertEq(token.balanceOf(buyer) - buyerBefore, first + second, "buyer refunded");
        uint256 released = amount - first - second;
        if (released == 0) {
            assertTrue(!escrow.isEscrowed(payment), "fully refunded payment is settled");
            return;
        }
        assertEq(escrowedOf(payment), released, "rest escrowed");
        vm.warp(payment.releaseAfter);
        assertEq(escrow.releaseBatch(one(payment)), 1, "rest released");
        assertEq(escrow.platformFees(address(token)), released * feeBps / 10_000, "fee on released part only");
        assertEq(
            escrow.balanceOf(merchant, address(token)) + escrow.platformFees(address(token)), released, "merchant + fee"
        );
        assertEq(token.balanceOf(address(escrow)), released, "escrow holds exactly the released part");
    }

    function testFuzz_resolveDispute_splitConservesFunds(
        uint256 amount,
        uint256 refunded,
        uint256 awarded,
        uint256 feeBps
    ) public {
        amount = bound(amount, 2, 1_000_000 ether);
        refunded = bound(refunded, 0, amount - 1);
        awarded = bound(awarded, 0, amount);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        PMTEscrow.Payment memory payment = disputed(_payWith(NATIVE, amount, feeBps));
        uint256 buyerBefore = buyer.balance;
        if (refunded != 0) {
            // A merchant's refund between the ruling and its transaction comes out of the merchant's share.
            vm.prank(merchant);
            escrow.refund(payment, refunded);
        }

        vm.prank(arbiter);
        escrow.resolveDispute(payment, awarded);

        uint256 merchantShare = awarded < amount - refunded ? awarded : amount - refunded;
        assertEq(buyer.balance - buyerBefore, amount - merchantShare, "buyer gets all the merchant was not awarded");
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
        amount = bound(amount, 1, MAX_TOKENS);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), amount);
        intent.holdPeriod = uint64(bound(hold, 0, escrow.MAX_HOLD_PERIOD()));
        intent.feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        PMTEscrow.Payment memory payment = pay(intent);
        bytes32 unchanged = escrow.hashPayment(payment) & ~bytes32(uint256(1));
        assertEq(escrow.paymentCommitment(payment.id), unchanged, "commitment");
        assertTrue(escrow.isEscrowed(payment), "record matches");
    }
}
