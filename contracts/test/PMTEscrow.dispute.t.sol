// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {ContractAccount} from "./mocks/Mocks.sol";

contract PMTEscrowDisputeTest is EscrowFixture {
    function test_openDispute_byBuyerDuringHoldSetsTheArbitersDeadline() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        uint64 deadline = uint64(block.timestamp) + escrow.ARBITRATION_PERIOD();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeOpened(payment.id, deadline);
        vm.prank(buyer);
        escrow.openDispute(payment);
        assertEq(escrow.paymentState(payment.id).disputeDeadline, deadline, "deadline stored");
        assertTrue(escrow.isEscrowed(payment), "the record is unchanged");
    }

    function test_openDispute_reverts() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotBuyer.selector, payment.id, merchant));
        vm.prank(merchant);
        escrow.openDispute(payment);

        disputed(payment);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.AlreadyDisputed.selector, payment.id));
        vm.prank(buyer);
        escrow.openDispute(payment);

        PMTEscrow.Payment memory late = payNative(1 ether);
        vm.warp(late.releaseAfter);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.DisputeWindowClosed.selector, late.id, late.releaseAfter, block.timestamp)
        );
        vm.prank(buyer);
        escrow.openDispute(late);
    }

    /// The attack: the merchant (or a keeper) refunds 1 wei just before each buyer's dispute lands. The
    /// buyer's view of the payment predates the refund; the dispute must land all the same.
    function test_openDispute_landsAfterARefundTheBuyerHasNotSeen() public {
        for (uint256 i; i < 7; ++i) {
            PMTEscrow.Payment memory seen = payNative(1 ether);
            vm.prank(i % 2 == 0 ? merchant : keeper);
            escrow.refund(seen, 1);
            vm.prank(buyer);
            escrow.openDispute(seen);
            assertTrue(escrow.paymentState(seen.id).disputeDeadline != 0, "disputed");
            assertEq(escrowedOf(seen), 1 ether - 1, "the refund stands");
        }
    }

    /// The attack on rulings: the merchant refunds 1 wei just before each ruling. The ruling must land, and
    /// the buyer end with what the arbiter awarded (the merchant's refund comes out of its own share).
    function test_resolveDispute_landsAfterARefundTheArbiterHasNotSeen() public {
        for (uint256 i; i < 10; ++i) {
            PMTEscrow.Payment memory seen = disputed(payNative(1 ether));
            uint256 buyerBefore = buyer.balance;
            uint256 merchantBefore = escrow.balanceOf(merchant, NATIVE);
            vm.prank(merchant);
            escrow.refund(seen, 1 + i);
            vm.prank(arbiter);
            escrow.resolveDispute(seen, 0.6 ether);
            assertEq(buyer.balance - buyerBefore, 0.4 ether, "the buyer gets what it was awarded");
            assertEq(escrow.balanceOf(merchant, NATIVE) - merchantBefore, 0.6 ether - feeOf(0.6 ether), "merchant");
            assertTrue(!escrow.isEscrowed(seen), "settled");
        }
    }

    function test_resolveDispute_splitsBetweenBuyerAndMerchant() public {
        PMTEscrow.Payment memory payment = disputed(payToken(100e6));
        uint256 buyerBefore = token.balanceOf(buyer);
        uint256 merchantShare = 60e6;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeResolved(payment.id, 40e6, merchantShare - feeOf(merchantShare), feeOf(merchantShare));
        vm.prank(arbiter);
        escrow.resolveDispute(payment, merchantShare);

        assertEq(token.balanceOf(buyer) - buyerBefore, 40e6, "buyer share");
        assertEq(escrow.balanceOf(merchant, address(token)), merchantShare - feeOf(merchantShare), "merchant share");
        assertEq(escrow.platformFees(address(token)), feeOf(merchantShare), "fee on merchant share");
        assertTrue(!escrow.isEscrowed(payment), "settled");
        assertEq(escrow.paymentState(payment.id).disputeDeadline, 0, "state cleared");
    }

    function test_resolveDispute_allToBuyerOrAllToMerchant() public {
        PMTEscrow.Payment memory toBuyer = disputed(payNative(1 ether));
        vm.prank(arbiter);
        escrow.resolveDispute(toBuyer, 0);
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "merchant gets nothing");

        PMTEscrow.Payment memory toMerchant = disputed(payNative(1 ether));
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeResolved(toMerchant.id, 0, 1 ether - feeOf(1 ether), feeOf(1 ether));
        vm.prank(arbiter);
        escrow.resolveDispute(toMerchant, type(uint256).max); // more than escrowed: everything
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "merchant gets all");
    }

    function test_resolveDispute_reverts() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotDisputed.selector, payment.id));
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0);

        disputed(payment);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, escrow.ARBITER_ROLE()
            )
        );
        vm.prank(stranger);
        escrow.resolveDispute(payment, 0);

        uint64 deadline = escrow.paymentState(payment.id).disputeDeadline;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.ArbitrationPeriodOver.selector, payment.id, deadline, deadline)
        );
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0);
    }

    function test_resolveDispute_afterIdDeadlineFreesSlot() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.warp(payment.releaseAfter + 1 days);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0.5 ether);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
    }

    function test_refundExpiredDispute_returnsTheRestToTheBuyerWithoutAnyKey() public {
        PMTEscrow.Payment memory payment = disputed(payToken(100e6));
        vm.prank(merchant);
        escrow.refund(payment, 30e6);
        uint64 deadline = escrow.paymentState(payment.id).disputeDeadline;

        vm.warp(deadline - 1);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.ArbitrationPeriodNotOver.selector, payment.id, deadline, deadline - 1)
        );
        vm.prank(stranger);
        escrow.refundExpiredDispute(payment);

        vm.warp(deadline);
        uint256 buyerBefore = token.balanceOf(buyer);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeExpired(payment.id, 70e6);
        vm.prank(stranger);
        escrow.refundExpiredDispute(payment);

        assertEq(token.balanceOf(buyer) - buyerBefore, 70e6, "the rest went back to the buyer");
        assertEq(token.balanceOf(address(escrow)), 0, "nothing left");
        assertTrue(!escrow.isEscrowed(payment), "settled");
        assertEq(escrow.paymentState(payment.id).disputeDeadline, 0, "state cleared");
    }

    function test_refundExpiredDispute_unlocksADisputeForgottenForYears() public {
        ContractAccount wallet = new ContractAccount();
        vm.deal(address(wallet), 1 ether);
        PMTEscrow.Payment memory payment = disputed(payAs(address(wallet), newIntent(NATIVE, 1 ether)));
        wallet.setMode(ContractAccount.Mode.Reject);
        vm.warp(block.timestamp + 3650 days);
        vm.prank(admin);
        escrow.pause();

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.BuyerCredited(payment.id, address(wallet), NATIVE, 1 ether);
        escrow.refundExpiredDispute(payment);
        assertEq(escrow.balanceOf(address(wallet), NATIVE), 1 ether, "credited, even while paused");
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
    }

    function test_refundExpiredDispute_revertsOnUndisputedOrSettled() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotDisputed.selector, payment.id));
        escrow.refundExpiredDispute(payment);

        disputed(payment);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0);
        vm.warp(block.timestamp + escrow.ARBITRATION_PERIOD());
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentNotEscrowed.selector, payment.id));
        escrow.refundExpiredDispute(payment);
    }

    function test_disputes_workWhilePaused() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(admin);
        escrow.pause();
        disputed(payment);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0);
        assertTrue(!escrow.isEscrowed(payment), "resolved while paused");
    }

    function test_dispute_windowBoundaries() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        PMTEscrow.Payment memory other = payNative(1 ether);
        vm.warp(payment.releaseAfter - 1);
        assertEq(escrow.releaseBatch(one(other)), 0, "still on hold a second before releaseAfter");
        disputed(payment); // last second of the window
        vm.warp(payment.releaseAfter);
        assertEq(escrow.releaseBatch(one(payment)), 0, "disputed: not releasable at releaseAfter");
        assertEq(escrow.releaseBatch(one(other)), 1, "releasable at releaseAfter");
    }

    function test_disputedPayment_canStillBeRefundedByMerchant() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.prank(merchant);
        escrow.refund(payment, 1 ether);
        assertTrue(!escrow.isEscrowed(payment), "refunded");
    }

    function test_disputedPayment_isTheArbitersNotTheKeepers() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentDisputed.selector, payment.id));
        vm.prank(keeper);
        escrow.refund(payment, 1 ether);
        assertEq(escrowedOf(payment), 1 ether, "still escrowed, still disputed");
    }

    function test_disputeAfterPartialRefund_resolvesOnlyWhatIsLeft() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(merchant);
        escrow.refund(payment, 0.4 ether);
        disputed(payment);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0.5 ether);
        assertEq(escrow.balanceOf(merchant, NATIVE), 0.5 ether - feeOf(0.5 ether), "merchant share");
        assertEq(address(escrow).balance, 0.5 ether, "only the merchant's share and fee stay");
    }
}
