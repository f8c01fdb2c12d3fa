// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {BlocklistToken, ContractAccount} from "./mocks/Mocks.sol";

contract PMTEscrowRefundTest is EscrowFixture {
    function test_refund_partialByMerchantKeepsRestEscrowed() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        uint256 buyerBefore = buyer.balance;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentRefunded(payment.id, 0.25 ether, 0.75 ether, merchant);
        vm.prank(merchant);
        escrow.refund(payment, 0.25 ether);

        assertEq(buyer.balance - buyerBefore, 0.25 ether, "buyer refunded");
        assertTrue(!escrow.isEscrowed(payment), "old record stale");
        payment.amount = 0.75 ether;
        assertTrue(escrow.isEscrowed(payment), "rest escrowed");

        vm.warp(payment.releaseAfter);
        escrow.releaseBatch(one(payment));
        assertEq(escrow.balanceOf(merchant, NATIVE), 0.75 ether - feeOf(0.75 ether), "fee on what was released");
    }

    function test_refund_fullByKeeperSettles() public {
        PMTEscrow.Payment memory payment = payToken(10e6);
        uint256 buyerBefore = token.balanceOf(buyer);
        vm.prank(keeper);
        escrow.refund(payment, 10e6);
        assertEq(token.balanceOf(buyer) - buyerBefore, 10e6, "buyer refunded");
        assertEq(escrow.paymentCommitment(payment.id), bytes32(uint256(1)), "settled");
        assertEq(token.balanceOf(address(escrow)), 0, "nothing left");
    }

    function test_refund_fullAfterDeadlineFreesSlot() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(escrow.deadlineOf(payment.id) + 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentRefunded(payment.id, 1 ether, 0, keeper);
        vm.prank(keeper);
        escrow.refund(payment, 1 ether);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
    }

    function test_refund_partialAfterDeadlineKeepsPaymentEscrowed() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(escrow.deadlineOf(payment.id) + 1);
        vm.prank(merchant);
        escrow.refund(payment, 0.5 ether);
        payment.amount = 0.5 ether;
        assertTrue(escrow.isEscrowed(payment), "rest still escrowed");
    }

    function test_refund_revertsForStrangerAndBuyer() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotMerchantOrKeeper.selector, payment.id, stranger));
        vm.prank(stranger);
        escrow.refund(payment, 1);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotMerchantOrKeeper.selector, payment.id, buyer));
        vm.prank(buyer);
        escrow.refund(payment, 1);
    }

    function test_refund_revertsOnZeroOrExcessAmount() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidAmount.selector, payment.id, 0, 1 ether));
        vm.prank(merchant);
        escrow.refund(payment, 0);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidAmount.selector, payment.id, 1 ether + 1, 1 ether));
        vm.prank(merchant);
        escrow.refund(payment, 1 ether + 1);
    }

    function test_refund_revertsAfterRelease() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(buyer);
        escrow.release(payment);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentNotEscrowed.selector, payment.id));
        vm.prank(merchant);
        escrow.refund(payment, 1);
    }

    function test_refund_worksWhilePaused() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(admin);
        escrow.pause();
        vm.prank(merchant);
        escrow.refund(payment, 1 ether);
        assertTrue(!escrow.isEscrowed(payment), "refunded while paused");
    }

    function test_refund_creditsBuyerThatRejectsNative() public {
        ContractAccount wallet = new ContractAccount();
        vm.deal(address(wallet), 1 ether);
        PMTEscrow.Payment memory payment = payAs(address(wallet), newIntent(NATIVE, 1 ether));
        wallet.setMode(ContractAccount.Mode.Reject);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.BuyerCredited(payment.id, address(wallet), NATIVE, 1 ether);
        vm.prank(merchant);
        escrow.refund(payment, 1 ether);
        assertEq(escrow.balanceOf(address(wallet), NATIVE), 1 ether, "credited");

        wallet.setMode(ContractAccount.Mode.Accept);
        wallet.execute(address(escrow), 0, abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        assertEq(address(wallet).balance, 1 ether, "withdrawn");
        assertEq(address(escrow).balance, 0, "escrow empty");
    }

    function test_refund_boundsGasOfBuyerThatBurnsIt() public {
        ContractAccount wallet = new ContractAccount();
        vm.deal(address(wallet), 1 ether);
        PMTEscrow.Payment memory payment = payAs(address(wallet), newIntent(NATIVE, 1 ether));
        wallet.setMode(ContractAccount.Mode.BurnGas);

        uint256 gasBefore = gasleft();
        vm.prank(keeper);
        escrow.refund(payment, 1 ether);
        assertLe(gasBefore - gasleft(), 150_000, "refund gas with a griefing buyer");
        assertEq(escrow.balanceOf(address(wallet), NATIVE), 1 ether, "credited instead");
    }

    function test_refund_creditsBlocklistedTokenBuyer() public {
        BlocklistToken blocky = newBlocklistToken(10e6);
        PMTEscrow.Payment memory payment = pay(newIntent(address(blocky), 10e6));
        blocky.setBlocked(buyer, true);

        vm.prank(merchant);
        escrow.refund(payment, 4e6);
        assertEq(escrow.balanceOf(buyer, address(blocky)), 4e6, "credited");
    }

    function test_openDispute_byBuyerDuringHold() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeOpened(payment.id);
        vm.prank(buyer);
        escrow.openDispute(payment);
        payment.disputed = true;
        assertTrue(escrow.isEscrowed(payment), "disputed record is current");
    }

    function test_openDispute_reverts() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotBuyer.selector, payment.id, merchant));
        vm.prank(merchant);
        escrow.openDispute(payment);

        PMTEscrow.Payment memory open = disputed(payment);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.AlreadyDisputed.selector, payment.id));
        vm.prank(buyer);
        escrow.openDispute(open);

        PMTEscrow.Payment memory late = payNative(1 ether);
        vm.warp(late.releaseAfter);
        vm.expectRevert(
            abi.encodeWithSelector(PMTEscrow.DisputeWindowClosed.selector, late.id, late.releaseAfter, block.timestamp)
        );
        vm.prank(buyer);
        escrow.openDispute(late);
    }

    function test_resolveDispute_splitsBetweenBuyerAndMerchant() public {
        PMTEscrow.Payment memory payment = disputed(payToken(100e6));
        uint256 buyerBefore = token.balanceOf(buyer);
        uint256 merchantShare = 60e6;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DisputeResolved(payment.id, 40e6, merchantShare - feeOf(merchantShare), feeOf(merchantShare));
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 40e6);

        assertEq(token.balanceOf(buyer) - buyerBefore, 40e6, "buyer share");
        assertEq(escrow.balanceOf(merchant, address(token)), merchantShare - feeOf(merchantShare), "merchant share");
        assertEq(escrow.platformFees(address(token)), feeOf(merchantShare), "fee on merchant share");
        assertTrue(!escrow.isEscrowed(payment), "settled");
    }

    function test_resolveDispute_allToBuyerOrAllToMerchant() public {
        PMTEscrow.Payment memory toBuyer = disputed(payNative(1 ether));
        vm.prank(arbiter);
        escrow.resolveDispute(toBuyer, 1 ether);
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "merchant gets nothing");

        PMTEscrow.Payment memory toMerchant = disputed(payNative(1 ether));
        vm.prank(arbiter);
        escrow.resolveDispute(toMerchant, 0);
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "merchant gets all");
    }

    function test_resolveDispute_reverts() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotDisputed.selector, payment.id));
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0);

        payment = disputed(payment);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, escrow.ARBITER_ROLE()
            )
        );
        vm.prank(stranger);
        escrow.resolveDispute(payment, 0);

        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidAmount.selector, payment.id, 1 ether + 1, 1 ether));
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 1 ether + 1);
    }

    function test_disputes_workWhilePaused() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(admin);
        escrow.pause();
        payment = disputed(payment);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 1 ether);
        assertTrue(!escrow.isEscrowed(payment), "resolved while paused");
    }

    function test_dispute_windowBoundaries() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(payment.releaseAfter - 1);
        payment = disputed(payment); // last second of the window
        PMTEscrow.Payment memory other = payNative(1 ether);
        vm.warp(other.releaseAfter);
        assertEq(escrow.releaseBatch(one(other)), 1, "releasable at releaseAfter");
    }

    function test_resolveDispute_afterDeadlineFreesSlot() public {
        PMTEscrow.Payment memory payment = disputed(payNative(1 ether));
        vm.warp(payment.releaseAfter + 30 days);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0.5 ether);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
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
        assertTrue(escrow.isEscrowed(payment), "still escrowed, still disputed");
    }

    function test_disputeAfterPartialRefund_resolvesOnlyWhatIsLeft() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(merchant);
        escrow.refund(payment, 0.4 ether);
        payment.amount = 0.6 ether;
        payment = disputed(payment);
        vm.prank(arbiter);
        escrow.resolveDispute(payment, 0.1 ether);
        assertEq(escrow.balanceOf(merchant, NATIVE), 0.5 ether - feeOf(0.5 ether), "merchant share");
        assertEq(address(escrow).balance, 0.5 ether, "only the merchant's share and fee stay");
    }
}
