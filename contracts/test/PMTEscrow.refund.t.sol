// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {BlocklistToken, ContractAccount, HookToken} from "./mocks/Mocks.sol";

contract PMTEscrowRefundTest is EscrowFixture {
    function test_refund_partialByMerchantKeepsRestEscrowed() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        uint256 buyerBefore = buyer.balance;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentRefunded(payment.id, 0.25 ether, 0.75 ether, merchant);
        vm.prank(merchant);
        escrow.refund(payment, 0.25 ether);

        assertEq(buyer.balance - buyerBefore, 0.25 ether, "buyer refunded");
        assertTrue(escrow.isEscrowed(payment), "the record does not change");
        assertEq(escrowedOf(payment), 0.75 ether, "rest escrowed");

        vm.warp(payment.releaseAfter);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentReleased(payment.id, 0.75 ether - feeOf(0.75 ether), feeOf(0.75 ether));
        escrow.releaseBatch(one(payment));
        assertEq(escrow.balanceOf(merchant, NATIVE), 0.75 ether - feeOf(0.75 ether), "fee on what was released");
        assertEq(escrow.paymentState(payment.id).refunded, 0, "state cleared on settlement");
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

    function test_refund_fullAfterTheLateWindowFreesSlots() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.prank(keeper);
        escrow.refund(payment, 0.25 ether);
        vm.warp(uint256(escrow.deadlineOf(payment.id)) + escrow.LATE_PAYMENT_WINDOW() + 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentRefunded(payment.id, 0.75 ether, 0, keeper);
        vm.prank(keeper);
        escrow.refund(payment, 0.75 ether);
        assertEq(escrow.paymentCommitment(payment.id), bytes32(0), "slot cleared");
        assertEq(escrow.paymentState(payment.id).refunded, 0, "state cleared");
    }

    function test_refund_byKeeperOnlyDuringHold() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(payment.releaseAfter);
        vm.expectRevert(
            abi.encodeWithSelector(
                PMTEscrow.HoldPeriodOver.selector, payment.id, payment.releaseAfter, payment.releaseAfter
            )
        );
        vm.prank(keeper);
        escrow.refund(payment, 1 ether);

        vm.prank(merchant);
        escrow.refund(payment, 1 ether);
        assertTrue(!escrow.isEscrowed(payment), "the merchant may refund until release");
    }

    function test_refund_partialRefundsAddUp() public {
        PMTEscrow.Payment memory payment = payToken(10e6);
        vm.prank(merchant);
        escrow.refund(payment, 3e6);
        vm.prank(keeper);
        escrow.refund(payment, 3e6);
        assertEq(escrow.paymentState(payment.id).refunded, 6e6, "refunded so far");
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidAmount.selector, payment.id, 4e6 + 1, 4e6));
        vm.prank(merchant);
        escrow.refund(payment, 4e6 + 1);
        vm.prank(merchant);
        escrow.refund(payment, 4e6);
        assertTrue(!escrow.isEscrowed(payment), "fully refunded");
        assertEq(token.balanceOf(address(escrow)), 0, "nothing left");
    }

    function test_refund_partialAfterDeadlineKeepsPaymentEscrowed() public {
        PMTEscrow.Payment memory payment = payNative(1 ether);
        vm.warp(escrow.deadlineOf(payment.id) + 1);
        vm.prank(merchant);
        escrow.refund(payment, 0.5 ether);
        assertEq(escrowedOf(payment), 0.5 ether, "rest still escrowed");
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

    function test_refund_boundsGasOfHookTokenBuyerThatBurnsIt() public {
        ContractAccount wallet = new ContractAccount();
        (HookToken hooky, PMTEscrow.Payment memory payment) = payWithHookToken(wallet, 10e6);
        wallet.setMode(ContractAccount.Mode.BurnGas);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.BuyerCredited(payment.id, address(wallet), address(hooky), 10e6);
        uint256 gasBefore = gasleft();
        vm.prank(merchant);
        escrow.refund{gas: 400_000}(payment, 10e6);
        assertLe(gasBefore - gasleft(), escrow.TOKEN_PUSH_GAS_LIMIT() + 60_000, "refund gas with a griefing buyer");
        assertEq(escrow.balanceOf(address(wallet), address(hooky)), 10e6, "credited instead");
    }

    function test_refund_creditsBlocklistedTokenBuyer() public {
        BlocklistToken blocky = newBlocklistToken(10e6);
        PMTEscrow.Payment memory payment = pay(newIntent(address(blocky), 10e6));
        blocky.setBlocked(buyer, true);

        vm.prank(merchant);
        escrow.refund(payment, 4e6);
        assertEq(escrow.balanceOf(buyer, address(blocky)), 4e6, "credited");
    }
}
