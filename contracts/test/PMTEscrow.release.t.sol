// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {recordOf} from "./utils/PaymentRecords.sol";

contract PMTEscrowReleaseTest is EscrowFixture {
    function test_release_byBuyerCreditsMerchantAndFee() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentReleased(payment.id, 1 ether - feeOf(1 ether), feeOf(1 ether));
        vm.prank(buyer);
        escrow.release(payment);

        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "merchant credit");
        assertEq(escrow.platformFees(NATIVE), feeOf(1 ether), "platform fee");
        assertEq(address(escrow).balance, 1 ether, "funds stay until withdrawn");
        assertTrue(!escrow.isEscrowed(payment), "settled");
    }

    function test_release_beforeDeadlineLeavesTombstone() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(uint256(1)), "tombstone");
    }

    function test_release_afterTheLateWindowFreesSlot() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(uint256(escrow.deadlineOf(payment.id)) + escrow.LATE_PAYMENT_WINDOW() + 1);
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
    }

    function test_release_revertsForNonBuyer() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotBuyer.selector, payment.id, merchant));
        vm.prank(merchant);
        escrow.release(payment);
    }

    function test_release_revertsTwice() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(buyer);
        escrow.release(payment);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentNotEscrowed.selector, payment.id));
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_release_revertsOnForgedRecord() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        payment.amount = 2 ether;
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentNotEscrowed.selector, payment.id));
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_release_revertsOnUnknownPayment() public {
        PMTEscrow.Payment memory payment = recordOf(newIntent(NATIVE, 1 ether), buyer);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentNotEscrowed.selector, payment.id));
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_release_byBuyerWorksWhileDisputed() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "merchant credit");
    }

    function test_release_revertsWhilePaused() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(admin);
        escrow.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_release_withZeroFeeCreditsNoFee() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 10e6);
        intent.feeBps = 0;
        PMTEscrow.Payment memory payment = pay(intent);
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.balanceOf(merchant, address(token)), 10e6, "merchant gets all");
        assertEq(escrow.platformFees(address(token)), 0, "no fee");
    }

    function test_releaseBatch_releasesOnlyDuePayments() public {
        PMTEscrow.Payment memory due = payNative(1 ether);
        vm.warp(block.timestamp + 1 days);
        PMTEscrow.Payment memory notDue = payNative(2 ether);
        vm.warp(due.releaseAfter);

        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](2);
        batch[0] = due;
        batch[1] = notDue;
        vm.prank(stranger);
        uint256 released = escrow.releaseBatch(batch);

        assertEq(released, 1, "released count");
        assertTrue(!escrow.isEscrowed(due), "due released");
        assertTrue(escrow.isEscrowed(notDue), "not due still escrowed");
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "merchant credit");
    }

    function test_releaseBatch_skipsSettledForgedDisputedAndUnknown() public {
        PMTEscrow.Payment memory settled = payNative(1 ether);
        vm.prank(buyer);
        escrow.release(settled);
        PMTEscrow.Payment memory forged = payNative(1 ether);
        forged.feeBps = 0;
        PMTEscrow.Payment memory underDispute = disputed(payNative(1 ether));
        PMTEscrow.Payment memory unknown = recordOf(newIntent(NATIVE, 1 ether), buyer);
        PMTEscrow.Payment memory good = payToken(5e6);
        vm.warp(block.timestamp + HOLD);

        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](6);
        (batch[0], batch[1], batch[2], batch[3], batch[4], batch[5]) =
        (settled, forged, underDispute, unknown, good, good);
        uint256 released = escrow.releaseBatch(batch);

        assertEq(released, 1, "only the good one, once");
        assertEq(escrow.balanceOf(merchant, address(token)), 5e6 - feeOf(5e6), "token credit");
        assertTrue(escrow.isEscrowed(underDispute), "disputed payment untouched");
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "only the buyer's release in native");
    }

    function test_releaseBatch_releasesWhatRefundsLeft() public {
        PMTEscrow.Payment memory refunded = payNative(1 ether);
        vm.prank(merchant);
        escrow.refund(refunded, 1); // the record in hand stays valid: refunds do not change it
        PMTEscrow.Payment memory plain = payNative(1 ether);
        vm.warp(block.timestamp + HOLD);
        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](2);
        (batch[0], batch[1]) = (refunded, plain);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentReleased(refunded.id, 1 ether - 1 - feeOf(1 ether - 1), feeOf(1 ether - 1));
        assertEq(escrow.releaseBatch(batch), 2, "both released");
        uint256 fees = feeOf(1 ether - 1) + feeOf(1 ether);
        assertEq(escrow.balanceOf(merchant, NATIVE), 2 ether - 1 - fees, "credit less the refund");
        assertEq(escrow.platformFees(NATIVE), fees, "fees");
        assertEq(address(escrow).balance, 2 ether - 1, "all still held until withdrawn");
    }

    function test_release_byBuyerEndsTheDisputeAndClearsItsState() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.warp(payment.releaseAfter);
        assertEq(escrow.releaseBatch(one(payment)), 0, "disputed: skipped");
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.paymentState(payment.id).disputeDeadline, 0, "state cleared");
    }

    function test_releaseBatch_creditsFeesPerToken() public {
        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](4);
        batch[0] = payNative(1 ether);
        batch[1] = payToken(10e6);
        batch[2] = payToken(30e6);
        batch[3] = payNative(3 ether);
        vm.warp(block.timestamp + HOLD);
        assertEq(escrow.releaseBatch(batch), 4, "released count");

        assertEq(escrow.platformFees(NATIVE), feeOf(1 ether) + feeOf(3 ether), "native fees");
        assertEq(escrow.platformFees(address(token)), feeOf(10e6) + feeOf(30e6), "token fees");
        assertEq(escrow.balanceOf(merchant, NATIVE), 4 ether - feeOf(1 ether) - feeOf(3 ether), "native credit");
        assertEq(escrow.balanceOf(merchant, address(token)), 40e6 - feeOf(10e6) - feeOf(30e6), "token credit");
    }

    function test_releaseBatch_emptyIsANoOp() public {
        assertEq(escrow.releaseBatch(new PMTEscrow.Payment[](0)), 0, "nothing released");
    }

    function test_releaseBatch_revertsWhilePaused() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(payment.releaseAfter);
        vm.prank(admin);
        escrow.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        escrow.releaseBatch(one(payment));
    }
}
