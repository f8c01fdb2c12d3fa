// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTDepositForwarder} from "../PMTDepositForwarder.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {recordOf} from "./utils/PaymentRecords.sol";
import {FeeOnTransferToken} from "./mocks/Mocks.sol";

/// @notice Plain transfers to an intent's deposit address: every amount, token and moment ends escrowed for
///         exactly that intent or back with the buyer.
contract PMTEscrowDepositTest is EscrowFixture {
    address internal sender = makeAddr("sender");
    address internal refundTo = makeAddr("refundTo");

    function setUp() public override {
        super.setUp();
        vm.deal(sender, 1_000 ether);
        token.mint(sender, 1e30);
    }

    // ------------------------------------------------------------ the address

    function test_depositAddress_isTheCreate2CloneOfTheIntentDigest_withNoCodeUntilSwept() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = escrow.depositAddress(intent);
        address predicted =
            Clones.predictDeterministicAddress(escrow.DEPOSIT_FORWARDER(), escrow.hashIntent(intent), address(escrow));
        assertEq(deposit, predicted, "CREATE2 clone address salted with the intent digest");
        assertEq(deposit.code.length, 0, "no code before the sweep");
        assertTrue(escrow.depositAddress(newIntent(NATIVE, 1 ether)) != deposit, "another intent, another address");
    }

    function test_depositAddress_dependsOnEveryFieldOfTheIntent() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = escrow.depositAddress(intent);
        intent.amount += 1;
        assertTrue(escrow.depositAddress(intent) != deposit, "amount");
        intent.amount -= 1;
        intent.merchant = stranger;
        assertTrue(escrow.depositAddress(intent) != deposit, "merchant");
    }

    // ------------------------------------------------------------ sweeping

    function test_sweepNative_escrowsForTheNamedBuyer_andDeploysTheForwarder() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        PMTEscrow.Payment memory payment = recordOf(intent, sender);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PaymentEscrowed(intent.id, merchant, sender, NATIVE, 1 ether, FEE_BPS, payment.releaseAfter);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DepositSwept(intent.id, deposit);
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        assertTrue(escrow.isEscrowed(payment), "escrowed for the intent, with the sender as buyer");
        assertEq(address(escrow).balance, 1 ether, "escrow holds it");
        assertEq(deposit.balance, 0, "deposit address emptied");
        assertTrue(deposit.code.length != 0, "forwarder deployed");

        vm.prank(sender);
        escrow.release(payment);
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "released like any payment");
    }

    function test_sweepToken_escrowsExactlyTheIntentsAmount() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        address deposit = _send(intent, address(token), 40e6);
        _sweep(intent, refundTo);
        assertTrue(escrow.isEscrowed(recordOf(intent, refundTo)), "escrowed for the refund address as buyer");
        assertEq(token.balanceOf(address(escrow)), 40e6, "escrow holds it");
        assertEq(token.balanceOf(deposit), 0, "deposit address emptied");
    }

    function test_sweep_overpayment_escrowsTheAmount_andTheExcessGoesBack() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        address deposit = _send(intent, address(token), 45e6);
        _sweep(intent, sender);
        assertEq(token.balanceOf(deposit), 5e6, "the excess waits at the deposit address");

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.DepositReturned(intent.id, deposit, address(token), refundTo, 5e6);
        vm.prank(keeper);
        escrow.returnDeposit(intent, address(token), refundTo, 5e6);
        assertEq(token.balanceOf(refundTo), 5e6, "excess returned");
        assertEq(token.balanceOf(deposit), 0, "nothing left behind");
    }

    function test_sweep_underpayment_waitsForATopUp() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 0.6 ether);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(Errors.InsufficientBalance.selector, 0.6 ether, 1 ether));
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);
        assertEq(deposit.balance, 0.6 ether, "nothing moved");

        _send(intent, NATIVE, 0.4 ether);
        _sweep(intent, sender);
        assertTrue(escrow.isEscrowed(recordOf(intent, sender)), "escrowed once topped up");
    }

    function test_sweep_tokenUnderpayment_reverts_andCanBeReturned() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(address(token), 40e6);
        address deposit = _send(intent, address(token), 39e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, deposit, 39e6, 40e6));
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        vm.prank(keeper);
        escrow.returnDeposit(intent, address(token), sender, 39e6);
        assertEq(token.balanceOf(deposit), 0, "underpayment returned");
    }

    function test_sweep_afterTheDeadline_isALatePaymentUntilTheWindowCloses() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        _send(intent, NATIVE, 1 ether);
        vm.warp(uint256(intent.deadline) + escrow.LATE_PAYMENT_WINDOW());
        _sweep(intent, sender);
        assertTrue(escrow.isEscrowed(recordOf(intent, sender)), "late payment escrowed");
    }

    function test_sweep_afterTheLateWindow_reverts_andTheDepositGoesBack() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 1 ether);
        vm.warp(uint256(intent.deadline) + escrow.LATE_PAYMENT_WINDOW() + 1);
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(
                PMTEscrow.LatePaymentWindowOver.selector, intent.id, intent.deadline, block.timestamp
            )
        );
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        vm.prank(keeper);
        escrow.returnDeposit(intent, NATIVE, sender, 1 ether);
        assertEq(deposit.balance, 0, "returned");
        assertEq(sender.balance, 1_000 ether, "the sender has it all back");
    }

    function test_wrongToken_isReturned() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, address(token), 7e6);
        vm.prank(keeper);
        escrow.returnDeposit(intent, address(token), sender, 7e6);
        assertEq(token.balanceOf(deposit), 0, "wrong token returned");
        assertEq(deposit.balance, 0, "no native arrived");
    }

    function test_sweep_twice_orAfterADirectPayment_reverts() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        _send(intent, NATIVE, 2 ether);
        _sweep(intent, sender);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, intent.id));
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        PMTEscrow.PaymentIntent memory paidByWallet = newIntent(NATIVE, 1 ether);
        pay(paidByWallet);
        _send(paidByWallet, NATIVE, 1 ether);
        signature = sign(paidByWallet);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, paidByWallet.id));
        vm.prank(keeper);
        escrow.sweep(paidByWallet, signature, sender);
    }

    function test_sweep_afterSettlementWithinTheLateWindow_hitsTheTombstone() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        PMTEscrow.Payment memory payment = pay(intent);
        vm.warp(intent.deadline + 1);
        vm.prank(buyer);
        escrow.release(payment);
        assertEq(escrow.paymentCommitment(intent.id), bytes32(uint256(1)), "tombstone kept through the window");

        _send(intent, NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.PaymentIdUsed.selector, intent.id));
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);
    }

    function test_twoIntentsForTheSameAmount_neverTakeEachOthersDeposit() public {
        PMTEscrow.PaymentIntent memory first = newIntent(NATIVE, 1 ether);
        PMTEscrow.PaymentIntent memory second = newIntent(NATIVE, 1 ether);
        address firstDeposit = _send(first, NATIVE, 1 ether);
        bytes memory signature = sign(second);
        vm.expectRevert(abi.encodeWithSelector(Errors.InsufficientBalance.selector, 0, 1 ether));
        vm.prank(keeper);
        escrow.sweep(second, signature, sender);
        assertEq(firstDeposit.balance, 1 ether, "the first intent's deposit is untouched");
    }

    function test_depositAfterTheSweep_reachesTheDeployedForwarder_andGoesBack() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 1 ether);
        _sweep(intent, sender);
        _send(intent, NATIVE, 0.5 ether);
        assertEq(deposit.balance, 0.5 ether, "a deployed forwarder accepts native currency");
        vm.prank(keeper);
        escrow.returnDeposit(intent, NATIVE, sender, 0.5 ether);
        assertEq(deposit.balance, 0, "returned");
    }

    function test_sweep_feeOnTransferToken_isRefused_andTheDepositGoesBack() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        vm.prank(admin);
        escrow.setTokenAllowed(address(feeToken), true);
        PMTEscrow.PaymentIntent memory intent = newIntent(address(feeToken), 100e6);
        address deposit = escrow.depositAddress(intent);
        feeToken.mint(deposit, 100e6);
        bytes memory signature = sign(intent);
        vm.expectRevert(
            abi.encodeWithSelector(
                PMTEscrow.UnexpectedAmountReceived.selector, intent.id, address(feeToken), 100e6, 99e6
            )
        );
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        vm.prank(keeper);
        escrow.returnDeposit(intent, address(feeToken), sender, 100e6);
        assertEq(feeToken.balanceOf(deposit), 0, "returned");
    }

    // ------------------------------------------------------------ refusals

    function test_sweep_refusesABadSignature_aBadBuyer_andAnUnlistedToken() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        _send(intent, NATIVE, 1 ether);
        bytes memory forged = signWith(0xBAD, intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidSignature.selector, intent.id, vm.addr(0xBAD)));
        vm.prank(keeper);
        escrow.sweep(intent, forged, sender);

        bytes memory signature = sign(intent);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(0)));
        vm.prank(keeper);
        escrow.sweep(intent, signature, address(0));

        PMTEscrow.PaymentIntent memory unlisted = newIntent(address(new FeeOnTransferToken()), 1e6);
        signature = sign(unlisted);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.TokenNotAllowed.selector, unlisted.token));
        vm.prank(keeper);
        escrow.sweep(unlisted, signature, sender);
    }

    function test_onlyTheKeeper_sweepsOrReturns() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        _send(intent, NATIVE, 1 ether);
        bytes memory signature = sign(intent);
        bytes32 keeperRole = escrow.KEEPER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, sender, keeperRole)
        );
        vm.prank(sender);
        escrow.sweep(intent, signature, sender);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, merchant, keeperRole)
        );
        vm.prank(merchant);
        escrow.returnDeposit(intent, NATIVE, merchant, 1 ether);
    }

    function test_onlyTheEscrow_movesWhatAForwarderHolds() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 2 ether);
        _sweep(intent, sender);
        vm.expectRevert(abi.encodeWithSelector(PMTDepositForwarder.NotEscrow.selector, keeper));
        vm.prank(keeper);
        PMTDepositForwarder(payable(deposit)).send(NATIVE, keeper, 1 ether);

        PMTDepositForwarder implementation = PMTDepositForwarder(payable(escrow.DEPOSIT_FORWARDER()));
        vm.expectRevert(abi.encodeWithSelector(PMTDepositForwarder.NotEscrow.selector, stranger));
        vm.prank(stranger);
        implementation.send(NATIVE, stranger, 0);
    }

    function test_returnDeposit_refusesZeroAndBadRecipients() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        _send(intent, NATIVE, 1 ether);
        vm.startPrank(keeper);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.ZeroAmount.selector, intent.id));
        escrow.returnDeposit(intent, NATIVE, sender, 0);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(0)));
        escrow.returnDeposit(intent, NATIVE, address(0), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(escrow)));
        escrow.returnDeposit(intent, NATIVE, address(escrow), 1 ether);
        vm.stopPrank();
    }

    function test_pause_stopsSweeps_butNotReturns() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address deposit = _send(intent, NATIVE, 1 ether);
        vm.prank(admin);
        escrow.pause();
        bytes memory signature = sign(intent);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(keeper);
        escrow.sweep(intent, signature, sender);

        vm.prank(keeper);
        escrow.returnDeposit(intent, NATIVE, sender, 1 ether);
        assertEq(deposit.balance, 0, "returned while paused");
    }

    // ------------------------------------------------------------ on the wrong network

    /// @dev A buyer sends on chain B to the deposit address an intent signed for chain A has there (one
    ///      escrow address on both): only `returnForeignDeposit` reaches it, and gives the money back.
    ///      The chain ids are constants: with via-IR, a local copy of `block.chainid` may be read again after
    ///      `vm.chainId`.
    function test_returnForeignDeposit_givesBackATransferSentOnTheWrongChain() public {
        uint256 chainA = 1284;
        uint256 chainB = 420_420_419;
        vm.chainId(chainA);
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        address onChainA = escrow.depositAddress(intent);

        vm.chainId(chainB);
        assertTrue(escrow.depositAddress(intent) != onChainA, "chain B's own deposit address differs");
        assertEq(escrow.foreignDepositAddress(chainA, intent), onChainA, "chain A's, as seen from chain B");
        vm.prank(sender);
        (bool sent,) = onChainA.call{value: 1 ether}("");
        assertTrue(sent, "a plain transfer needs no code");
        vm.prank(sender);
        assertTrue(token.transfer(onChainA, 5e6), "a token transfer to it");

        uint256 senderBefore = sender.balance;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.ForeignDepositReturned(chainA, intent.id, onChainA, NATIVE, sender, 1 ether);
        vm.prank(keeper);
        escrow.returnForeignDeposit(chainA, intent, NATIVE, sender, 1 ether);
        vm.prank(keeper);
        escrow.returnForeignDeposit(chainA, intent, address(token), sender, 5e6);
        assertEq(sender.balance, senderBefore + 1 ether, "native back with its sender");
        assertEq(onChainA.balance, 0, "nothing left at the address");
        assertEq(token.balanceOf(onChainA), 0, "no token left at the address");
    }

    function test_returnForeignDeposit_refusesThisChain_badInput_andAnyoneButTheKeeper() public {
        PMTEscrow.PaymentIntent memory intent = newIntent(NATIVE, 1 ether);
        uint256 here = 1284;
        vm.chainId(here);
        vm.startPrank(keeper);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NotForeignChain.selector, here));
        escrow.returnForeignDeposit(here, intent, NATIVE, sender, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.ZeroAmount.selector, intent.id));
        escrow.returnForeignDeposit(here + 1, intent, NATIVE, sender, 0);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(escrow)));
        escrow.returnForeignDeposit(here + 1, intent, NATIVE, address(escrow), 1 ether);
        vm.stopPrank();
        bytes32 keeperRole = escrow.KEEPER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, merchant, keeperRole)
        );
        vm.prank(merchant);
        escrow.returnForeignDeposit(here + 1, intent, NATIVE, merchant, 1 ether);
    }

    function test_escrow_refusesNativeCurrencyOutsideASweep() public {
        vm.prank(sender);
        (bool ok, bytes memory reason) = address(escrow).call{value: 1 ether}("");
        assertTrue(!ok, "refused");
        bytes memory expected = abi.encodeWithSelector(PMTEscrow.UnexpectedNativeTransfer.selector, sender);
        assertEq(keccak256(reason), keccak256(expected), "refused as unexpected");
    }

    // ------------------------------------------------------------ helpers

    /// @dev `sender` sends `amount` of `asset` to `intent`'s deposit address by plain transfer.
    function _send(PMTEscrow.PaymentIntent memory intent, address asset, uint256 amount)
        private
        returns (address deposit)
    {
        deposit = escrow.depositAddress(intent);
        vm.prank(sender);
        if (asset == NATIVE) {
            (bool ok,) = deposit.call{value: amount}("");
            assertTrue(ok, "plain transfer to the deposit address");
        } else {
            assertTrue(token.transfer(deposit, amount), "token transfer to the deposit address");
        }
    }

    function _sweep(PMTEscrow.PaymentIntent memory intent, address buyer_) private {
        bytes memory signature = sign(intent);
        vm.prank(keeper);
        escrow.sweep(intent, signature, buyer_);
    }
}
